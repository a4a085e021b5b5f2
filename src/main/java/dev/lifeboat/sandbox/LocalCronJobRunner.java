package dev.lifeboat.sandbox;

import dev.lifeboat.schedule.CronSchedule;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Plays Kubernetes' CronJob controller for the sandbox, for what lifeboat's CronJobs use: at each
 * fire time (schedule in spec.timeZone) it creates the Job {@code <cronjob>-<minutes since epoch>}
 * from the jobTemplate, at most one for missed times (the latest, within startingDeadlineSeconds),
 * none while suspended or while the previous Job runs (concurrencyPolicy Forbid); it records
 * lastScheduleTime and deletes finished Jobs beyond the history limits.
 */
public final class LocalCronJobRunner implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LocalCronJobRunner.class.getName());
  private static final Duration TICK = Duration.ofSeconds(1);

  private final KubernetesClient client;
  private final Clock clock;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "sandbox-cronjob-runner");
    t.setDaemon(true);
    return t;
  });
  private SharedIndexInformer<CronJob> cronJobs;
  private SharedIndexInformer<Job> jobs;

  public LocalCronJobRunner(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void start() {
    cronJobs = client.batch().v1().cronjobs().inAnyNamespace().inform();
    jobs = client.batch().v1().jobs().inAnyNamespace().inform();
    timer.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tick() {
    for (CronJob cronJob : cronJobs.getStore().list()) {
      try {
        consider(cronJob);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "cronjob " + cronJob.getMetadata().getName() + " not fired this time", e);
      }
    }
  }

  private void consider(CronJob cronJob) {
    var spec = cronJob.getSpec();
    List<Job> mine = jobs.getStore().list().stream().filter(j -> ownedBy(j, cronJob)).toList();
    trimHistory(mine, spec.getSuccessfulJobsHistoryLimit(), spec.getFailedJobsHistoryLimit());
    if (Boolean.TRUE.equals(spec.getSuspend())) {
      return;
    }
    Instant now = clock.instant();
    String last = cronJob.getStatus() == null ? null : cronJob.getStatus().getLastScheduleTime();
    Instant since = last != null ? Instant.parse(last) : Instant.parse(cronJob.getMetadata().getCreationTimestamp());
    CronSchedule cron = CronSchedule.parse(spec.getSchedule(), spec.getTimeZone(), "");
    Optional<Instant> due = cron.latestAtOrBefore(now).filter(t -> t.isAfter(since));
    if (due.isEmpty()) {
      return;
    }
    Long deadline = spec.getStartingDeadlineSeconds();
    boolean tooLate = deadline != null && now.isAfter(due.get().plusSeconds(deadline));
    boolean busy = "Forbid".equals(spec.getConcurrencyPolicy()) && mine.stream().anyMatch(j -> !finished(j));
    if (!tooLate && !busy) {
      create(cronJob, due.get());
    }
    if (!busy) {
      cronJob.setStatus(new CronJobStatusBuilder().withLastScheduleTime(due.get().toString()).build());
      client.batch().v1().cronjobs().inNamespace(cronJob.getMetadata().getNamespace()).resource(cronJob).updateStatus();
    }
  }

  private void create(CronJob cronJob, Instant time) {
    String name = cronJob.getMetadata().getName() + "-" + time.getEpochSecond() / 60;
    Map<String, String> labels = new LinkedHashMap<>();
    if (cronJob.getSpec().getJobTemplate().getMetadata() != null
        && cronJob.getSpec().getJobTemplate().getMetadata().getLabels() != null) {
      labels.putAll(cronJob.getSpec().getJobTemplate().getMetadata().getLabels());
    }
    Job job = new JobBuilder()
        .withNewMetadata().withName(name).withNamespace(cronJob.getMetadata().getNamespace()).withLabels(labels)
          .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("CronJob")
              .withName(cronJob.getMetadata().getName()).withUid(cronJob.getMetadata().getUid()).withController(true).build())
        .endMetadata()
        .withSpec(cronJob.getSpec().getJobTemplate().getSpec())
        .build();
    try {
      client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(job).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  private void trimHistory(List<Job> mine, Integer keepSucceeded, Integer keepFailed) {
    trim(mine.stream().filter(j -> succeeded(j)).toList(), keepSucceeded == null ? 3 : keepSucceeded);
    trim(mine.stream().filter(j -> finished(j) && !succeeded(j)).toList(), keepFailed == null ? 1 : keepFailed);
  }

  private void trim(List<Job> finished, int keep) {
    finished.stream().sorted(Comparator.comparing((Job j) -> j.getMetadata().getCreationTimestamp()).reversed())
        .skip(keep)
        .forEach(j -> client.batch().v1().jobs().inNamespace(j.getMetadata().getNamespace())
            .withName(j.getMetadata().getName()).delete());
  }

  private static boolean ownedBy(Job job, CronJob cronJob) {
    return job.getMetadata().getOwnerReferences() != null && job.getMetadata().getOwnerReferences().stream()
        .anyMatch(o -> "CronJob".equals(o.getKind()) && cronJob.getMetadata().getName().equals(o.getName()))
        && job.getMetadata().getNamespace().equals(cronJob.getMetadata().getNamespace());
  }

  private static boolean finished(Job job) {
    return job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions().stream()
        .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus()));
  }

  private static boolean succeeded(Job job) {
    return job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions().stream()
        .anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Override
  public void close() {
    timer.shutdownNow();
    if (cronJobs != null) {
      cronJobs.stop();
    }
    if (jobs != null) {
      jobs.stop();
    }
  }
}
