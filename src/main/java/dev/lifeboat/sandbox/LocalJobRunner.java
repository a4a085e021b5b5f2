package dev.lifeboat.sandbox;

import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Plays the Job controller and kubelet for the sandbox: for each Job it creates a Pod object, Pending until the
 * {@link SandboxScheduler} places and starts it (it may never: a Job's pod waits as it would in a cluster, and its
 * deadline still counts), then runs the pod through a {@link PodExecutor}, writes the pod's phase and termination message, and keeps
 * the Job's status (active, failed, succeeded, Complete/Failed conditions) as Kubernetes would,
 * retrying failed pods up to {@code backoffLimit}, and ending a Job that outlives its
 * {@code activeDeadlineSeconds} (its pod killed, condition Failed with reason DeadlineExceeded, no
 * retry), and honouring a podFailurePolicy FailJob rule on exit codes. Deleting a Job kills its
 * process and its pods.
 */
public final class LocalJobRunner implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LocalJobRunner.class.getName());
  /** How long the sandbox's Job controller waits before it tries again to create a refused pod. */
  static final Duration FAILED_CREATE_RETRY = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final PodExecutor executor;
  private final Clock clock;
  private final ScheduledExecutorService pods = Executors.newScheduledThreadPool(4, r -> {
    Thread t = new Thread(r, "sandbox-job-runner");
    t.setDaemon(true);
    return t;
  });
  private final SandboxScheduler scheduler;
  /** Jobs with a pod in flight: key ns/job → pod name. */
  private final Map<String, String> running = new ConcurrentHashMap<>();
  /** Jobs backing off after a failed pod: key → earliest time (epoch ms) of the next pod. */
  private final Map<String, Long> notBefore = new ConcurrentHashMap<>();
  /** Jobs whose pod was killed at their deadline: its end is DeadlineExceeded, not a retry. */
  private final Set<String> pastDeadline = ConcurrentHashMap.newKeySet();
  private SharedIndexInformer<Job> informer;

  public LocalJobRunner(KubernetesClient client, PodExecutor executor, SandboxScheduler scheduler, Clock clock) {
    this.scheduler = scheduler;
    this.client = client;
    this.executor = executor;
    this.clock = clock;
  }

  public void start() {
    informer = client.batch().v1().jobs().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Job job) {
        pods.execute(() -> consider(job));
      }

      @Override
      public void onUpdate(Job oldJob, Job job) {
        pods.execute(() -> consider(job));
      }

      @Override
      public void onDelete(Job job, boolean unknown) {
        pods.execute(() -> deleted(job));
      }
    });
  }

  private static String key(Job job) {
    return job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
  }

  /** One lock per Job: pods of different Jobs start and finish in parallel, one Job's steps never overlap. */
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  private Object lockOf(String key) {
    return locks.computeIfAbsent(key, k -> new Object());
  }

  private void consider(Job event) {
    synchronized (lockOf(key(event))) {
      considerLocked(event);
    }
  }

  private void considerLocked(Job event) {
    // Events can arrive late, carrying an older status: decide on the Job as it is now.
    Job job = client.batch().v1().jobs().inNamespace(event.getMetadata().getNamespace())
        .withName(event.getMetadata().getName()).get();
    if (job == null || isFinished(job) || running.containsKey(key(job)) || job.getMetadata().getDeletionTimestamp() != null
        || notBefore.getOrDefault(key(job), 0L) > clock.millis()) {
      return;
    }
    startPod(job);
  }

  private void startPod(Job job) {
    String ns = job.getMetadata().getNamespace();
    String podName = job.getMetadata().getName() + "-" + UUID.randomUUID().toString().substring(0, 5);
    Map<String, String> labels = new LinkedHashMap<>();
    if (job.getSpec().getTemplate().getMetadata() != null && job.getSpec().getTemplate().getMetadata().getLabels() != null) {
      labels.putAll(job.getSpec().getTemplate().getMetadata().getLabels());
    }
    labels.put("job-name", job.getMetadata().getName());
    labels.put("batch.kubernetes.io/job-name", job.getMetadata().getName());
    labels.put("controller-uid", String.valueOf(job.getMetadata().getUid()));
    Pod pod = new PodBuilder()
        .withNewMetadata().withName(podName).withNamespace(ns).withLabels(labels)
          .withCreationTimestamp(clock.instant().toString())
          .addNewOwnerReference().withApiVersion("batch/v1").withKind("Job").withName(job.getMetadata().getName())
            .withUid(job.getMetadata().getUid()).withController(true).endOwnerReference()
        .endMetadata()
        .withSpec(job.getSpec().getTemplate().getSpec())
        .build();
    String[] startTime = {null};
    String key = key(job);
    try {
      pod.setStatus(new PodStatusBuilder().withPhase("Pending").build());
      running.put(key, podName);
      // The scheduler places the pod and says when it runs; only then does its process start.
      scheduler.whenRunning(ns, podName, runningPod -> pods.execute(() -> run(job, runningPod)));
      pod = client.pods().inNamespace(ns).resource(pod).create();
      updateJobStatus(job, status -> {
        if (status.getStartTime() == null) {
          status.setStartTime(clock.instant().toString());
        }
        startTime[0] = status.getStartTime();
        status.setActive(1);
      });
    } catch (KubernetesClientException e) {
      running.remove(key, podName);
      scheduler.forget(ns, podName);
      if (e.getCode() == 403 || e.getCode() == 422) {
        // Refused by admission (a quota, say): the Job controller says so on the Job and tries again later.
        failedCreate(job, e.getStatus() != null && e.getStatus().getMessage() != null
            ? e.getStatus().getMessage() : e.getMessage());
        return;
      }
      LOG.log(Level.WARNING, "sandbox could not start a pod for Job " + key, e);
      return;
    }
    scheduleDeadline(job, pod, startTime[0]);
  }

  /** A Warning FailedCreate on the Job, then another try after FAILED_CREATE_RETRY, as the Job controller does. */
  private void failedCreate(Job job, String message) {
    SandboxEvents.record(client, clock, job, "batch/v1", "Warning", "FailedCreate", "job-controller",
        "Error creating: " + message);
    notBefore.put(key(job), clock.millis() + FAILED_CREATE_RETRY.toMillis());
    pods.schedule(() -> {
      Job again = client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
          .withName(job.getMetadata().getName()).get();
      if (again != null) {
        notBefore.remove(key(again));
        consider(again);
      }
    }, FAILED_CREATE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The pod runs (placed, volumes attached): its process starts, unless the Job ended or went meanwhile. */
  private void run(Job job, Pod started) {
    synchronized (lockOf(key(job))) {
      if (!started.getMetadata().getName().equals(running.get(key(job)))) {
        return;
      }
      executor.start(job, started).whenComplete((result, error) -> {
        PodExecutor.PodResult outcome = error != null
            ? new PodExecutor.PodResult(128, "could not run the container: " + error.getMessage()) : result;
        this.pods.execute(() -> finished(job, started, outcome));
      });
    }
  }

  /** Like the Job controller: the deadline counts from the Job's start, across all its pods. */
  private void scheduleDeadline(Job job, Pod pod, String startTime) {
    Long seconds = job.getSpec().getActiveDeadlineSeconds();
    if (seconds == null || startTime == null) {
      return;
    }
    long left = Instant.parse(startTime).plusSeconds(seconds).toEpochMilli() - clock.millis();
    String key = key(job);
    pods.schedule(() -> {
      synchronized (lockOf(key)) {
        if (pod.getMetadata().getName().equals(running.get(key))) {
          pastDeadline.add(key);
          executor.kill(job.getMetadata().getNamespace(), pod.getMetadata().getName());
          // Ended here, not when the process exits: a process that ignores the kill must not keep the Job alive.
          finishedLocked(job, pod, new PodExecutor.PodResult(137, "deadline"));
        }
      }
    }, Math.max(0, left), TimeUnit.MILLISECONDS);
  }

  private void finished(Job job, Pod pod, PodExecutor.PodResult result) {
    synchronized (lockOf(key(job))) {
      finishedLocked(job, pod, result);
    }
  }

  private void finishedLocked(Job job, Pod pod, PodExecutor.PodResult result) {
    String key = key(job);
    if (!pod.getMetadata().getName().equals(running.get(key))) {
      return; // the Job was deleted meanwhile
    }
    running.remove(key);
    String ns = job.getMetadata().getNamespace();
    scheduler.forget(ns, pod.getMetadata().getName()); // a pod still Pending at its deadline never runs
    boolean deadline = pastDeadline.remove(key);
    if (deadline) {
      result = new PodExecutor.PodResult(137, "killed: the Job's activeDeadlineSeconds passed");
    }
    boolean ok = result.exitCode() == 0;
    try {
      recordPodEnd(ns, pod, ok, deadline, result);
      Job latest = client.batch().v1().jobs().inNamespace(ns).withName(job.getMetadata().getName()).get();
      if (latest == null) {
        return;
      }
      int backoffLimit = latest.getSpec().getBackoffLimit() == null ? 6 : latest.getSpec().getBackoffLimit();
      int failedBefore = latest.getStatus() == null || latest.getStatus().getFailed() == null ? 0 : latest.getStatus().getFailed();
      // Kubernetes backs off 10s, 20s, ...; the sandbox keeps it short. Set before our own write wakes us up.
      long delayMillis = Math.min(4000, 250L << Math.min(failedBefore + 1, 4));
      if (!ok) {
        notBefore.put(key, clock.millis() + delayMillis);
      }
      int exitCode = result.exitCode();
      boolean failJob = !ok && failJobRuleMatches(latest, exitCode);
      int[] failedSoFar = {0};
      updateJobStatus(latest, status -> {
        status.setActive(0);
        if (ok) {
          status.setSucceeded(1);
          status.setCompletionTime(clock.instant().toString());
          status.setConditions(conditions(status, "SuccessCriteriaMet", "Complete", "CompletionsReached",
              "Reached expected number of succeeded pods"));
        } else {
          int failed = (status.getFailed() == null ? 0 : status.getFailed()) + 1;
          status.setFailed(failed);
          failedSoFar[0] = failed;
          if (deadline) {
            status.setConditions(conditions(status, "FailureTarget", "Failed", "DeadlineExceeded",
                "Job was active longer than specified deadline"));
          } else if (failJob) {
            status.setConditions(conditions(status, "FailureTarget", "Failed", "PodFailurePolicy",
                "Container lifeboat for pod " + pod.getMetadata().getName() + " failed with exit code " + exitCode
                    + " matching FailJob rule"));
          } else if (failed > backoffLimit) {
            status.setConditions(conditions(status, "FailureTarget", "Failed", "BackoffLimitExceeded",
                "Job has reached the specified backoff limit"));
          }
        }
      });
      if (!ok && !deadline && !failJob && failedSoFar[0] <= backoffLimit) {
        pods.schedule(() -> {
          Job again = client.batch().v1().jobs().inNamespace(ns).withName(job.getMetadata().getName()).get();
          if (again != null) {
            consider(again);
          }
        }, delayMillis, TimeUnit.MILLISECONDS);
      }
    } catch (KubernetesClientException e) {
      LOG.log(Level.WARNING, "sandbox could not record the end of Job " + key, e);
    }
  }

  /** The pod's end (phase, exit code, termination message); read again on a conflict (the scheduler writes pods too). */
  private void recordPodEnd(String ns, Pod pod, boolean ok, boolean deadline, PodExecutor.PodResult result) {
    for (int attempt = 1; ; attempt++) {
      Pod current = client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).get();
      if (current == null) {
        return;
      }
      current.setStatus(new PodStatusBuilder()
          .withPhase(ok ? "Succeeded" : "Failed")
          .withStartTime(pod.getStatus() == null ? null : pod.getStatus().getStartTime())
          .withContainerStatuses(new ContainerStatusBuilder().withName("lifeboat").withReady(false)
              .withNewState().withTerminated(new ContainerStateTerminatedBuilder()
                  .withExitCode(result.exitCode()).withReason(ok ? "Completed" : deadline ? "DeadlineExceeded" : "Error")
                  .withMessage(result.terminationMessage()).withFinishedAt(clock.instant().toString()).build())
              .endState().build())
          .build());
      try {
        client.pods().inNamespace(ns).resource(current).updateStatus();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 5) {
          throw e;
        }
      }
    }
  }

  /** The Job controller's podFailurePolicy, for the one rule shape lifeboat uses: onExitCodes In → FailJob. */
  private static boolean failJobRuleMatches(Job job, int exitCode) {
    var policy = job.getSpec().getPodFailurePolicy();
    if (policy == null || policy.getRules() == null) {
      return false;
    }
    return policy.getRules().stream().anyMatch(rule -> "FailJob".equals(rule.getAction()) && rule.getOnExitCodes() != null
        && "In".equals(rule.getOnExitCodes().getOperator()) && rule.getOnExitCodes().getValues().contains(exitCode));
  }

  private static List<JobCondition> conditions(JobStatus status, String interim, String type, String reason,
      String message) {
    List<JobCondition> conditions = new ArrayList<>(status.getConditions() == null ? List.of() : status.getConditions());
    conditions.add(new JobConditionBuilder().withType(interim).withStatus("True").withReason(reason).withMessage(message).build());
    conditions.add(new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message).build());
    return conditions;
  }

  /** Read, change, write; read again on a conflict, as the Job controller does (no later event would retry it). */
  private void updateJobStatus(Job job, Consumer<JobStatus> change) {
    for (int attempt = 1; ; attempt++) {
      Job latest = client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
          .withName(job.getMetadata().getName()).get();
      if (latest == null) {
        return;
      }
      JobStatus status = latest.getStatus() == null ? new JobStatus() : latest.getStatus();
      change.accept(status);
      latest.setStatus(status);
      try {
        client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(latest).updateStatus();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 5) {
          throw e;
        }
      }
    }
  }

  private void deleted(Job job) {
    synchronized (lockOf(key(job))) {
      deletedLocked(job);
    }
    locks.remove(key(job));
  }

  private void deletedLocked(Job job) {
    notBefore.remove(key(job));
    String podName = running.remove(key(job));
    String ns = job.getMetadata().getNamespace();
    if (podName != null) {
      scheduler.forget(ns, podName);
      executor.kill(ns, podName);
    }
    // Its pods (owned by it) go through the sandbox's garbage collector, as in a cluster.
  }

  private static boolean isFinished(Job job) {
    return job.getStatus() != null && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream().anyMatch(c -> "True".equals(c.getStatus())
            && ("Complete".equals(c.getType()) || "Failed".equals(c.getType())));
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.stop();
    }
    pods.shutdownNow();
  }
}
