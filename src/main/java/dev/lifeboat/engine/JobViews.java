package dev.lifeboat.engine;

import dev.lifeboat.jobs.JobReportCodec;
import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.lifecycle.JobView;
import dev.lifeboat.lifecycle.JobView.JobState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.Comparator;
import java.util.List;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/** Turns a Job and its pods into the {@link JobView} a lifecycle reads: the Job's own outcome first. */
public final class JobViews {
  private JobViews() {}

  public static JobView of(Job job, List<Pod> pods) {
    if (job == null) {
      return null;
    }
    JobState state = JobState.ACTIVE;
    String conditionMessage = null;
    if (job.getStatus() != null && job.getStatus().getConditions() != null) {
      for (JobCondition condition : job.getStatus().getConditions()) {
        if (!"True".equals(condition.getStatus())) {
          continue;
        }
        if ("Complete".equals(condition.getType())) {
          state = JobState.SUCCEEDED;
        } else if ("Failed".equals(condition.getType())) {
          state = JobState.FAILED;
          conditionMessage = joinReason(condition.getReason(), condition.getMessage());
        }
      }
    }
    int failed = job.getStatus() == null || job.getStatus().getFailed() == null ? 0 : job.getStatus().getFailed();
    JobReport report = state == JobState.ACTIVE ? null : JobReportCodec.decode(lastTerminationMessage(pods, state));
    if (state == JobState.FAILED && conditionMessage != null && conditionMessage.startsWith("DeadlineExceeded")) {
      // The pod was killed mid-run: its last words are partial; the deadline is the reason.
      Long deadline = job.getSpec() == null ? null : job.getSpec().getActiveDeadlineSeconds();
      conditionMessage = "DeadlineExceeded: the Job ran longer than its deadline"
          + (deadline == null ? "" : " of " + deadline + "s") + " (spec.timeout)"
          + (report != null && report.message() != null && !report.message().isBlank()
              ? "; its last output: " + report.message() : "");
      report = null;
    }
    // Since the Job's creation; the engine counts it on its own clock instead (ReconcileContext.whyNotStarted).
    Instant created = parse(job.getMetadata().getCreationTimestamp());
    Instant notStartedSince = state == JobState.ACTIVE && pods.stream().noneMatch(JobViews::started)
        ? (created == null ? Instant.EPOCH : created) : null;
    return new JobView(job.getMetadata().getName(), state, failed, conditionMessage, report, finishedAt(job, state),
        notStartedSince, notStartedSince == null ? null : whyNotStarted(pods));
  }

  /** A pod that got past Pending (ran, or ended): the Job's pods are not stuck before starting. */
  private static boolean started(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return phase != null && !"Pending".equals(phase);
  }

  /**
   * What the pods' own status says of why they wait: the scheduler's condition, or a container's waiting reason
   * (ErrImagePull, ImagePullBackOff, CreateContainerConfigError); null when it says nothing (an attach error or a
   * refused create is an Event, read by the caller).
   */
  static String whyNotStarted(List<Pod> pods) {
    for (Pod pod : pods) {
      if (pod.getStatus() == null) {
        continue;
      }
      if (pod.getStatus().getConditions() != null) {
        for (var c : pod.getStatus().getConditions()) {
          if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()) && c.getMessage() != null) {
            return "FailedScheduling: " + c.getMessage();
          }
        }
      }
      if (pod.getStatus().getContainerStatuses() != null) {
        for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
          var waiting = cs.getState() == null ? null : cs.getState().getWaiting();
          if (waiting != null && waiting.getReason() != null && !"ContainerCreating".equals(waiting.getReason())) {
            return joinReason(waiting.getReason(), waiting.getMessage());
          }
        }
      }
    }
    return null;
  }

  private static Instant parse(String at) {
    try {
      return at == null ? null : Instant.parse(at);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** When the Job reached its end: completionTime, else the terminal condition's transition time. */
  private static Instant finishedAt(Job job, JobState state) {
    if (state == JobState.ACTIVE || job.getStatus() == null) {
      return null;
    }
    String at = job.getStatus().getCompletionTime();
    if (at == null && job.getStatus().getConditions() != null) {
      at = job.getStatus().getConditions().stream()
          .filter(c -> "True".equals(c.getStatus()) && ("Complete".equals(c.getType()) || "Failed".equals(c.getType())))
          .map(JobCondition::getLastTransitionTime).filter(Objects::nonNull).findFirst().orElse(null);
    }
    try {
      return at == null ? null : Instant.parse(at);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The termination message of the newest pod that ended the way the Job did. */
  public static String lastTerminationMessage(List<Pod> pods, JobState state) {
    String wantedPhase = state == JobState.SUCCEEDED ? "Succeeded" : "Failed";
    return pods.stream()
        .filter(p -> p.getStatus() != null && wantedPhase.equals(p.getStatus().getPhase()))
        .max(Comparator.comparing((Pod p) -> nullToEmpty(p.getMetadata().getCreationTimestamp()))
            .thenComparing(p -> p.getMetadata().getName()))
        .map(JobViews::terminationMessage)
        .orElse(null);
  }

  private static String terminationMessage(Pod pod) {
    List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
    if (statuses == null) {
      return null;
    }
    // lifeboat's own container's report first: a command source's container is beside it (CommandContainer).
    statuses = statuses.stream().sorted(java.util.Comparator.comparing(s -> !"lifeboat".equals(s.getName()))).toList();
    for (ContainerStatus status : statuses) {
      if (status.getState() != null && status.getState().getTerminated() != null) {
        ContainerStateTerminated terminated = status.getState().getTerminated();
        if (terminated.getMessage() != null && !terminated.getMessage().isBlank()) {
          return terminated.getMessage();
        }
        return terminated.getExitCode() != null && terminated.getExitCode() != 0
            ? "container exited with code " + terminated.getExitCode()
                + (terminated.getReason() == null ? "" : " (" + terminated.getReason() + ")")
            : null;
      }
    }
    return null;
  }

  private static String joinReason(String reason, String message) {
    if (message == null || message.isBlank()) {
      return reason;
    }
    return reason == null ? message : reason + ": " + message;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
