package dev.lifeboat.lifecycle;

import java.time.Duration;
import java.time.Instant;

/**
 * What the engine saw of a Job: its own outcome (conditions), how many pods failed, what the last
 * pod wrote as its termination message (already parsed), and when the Job finished (null: running,
 * or not recorded); and, while no pod of it has started, since when it waits ({@code notStartedSince}: the Job's
 * creation) and why, in Kubernetes' own words ({@code notStartedReason}: "FailedScheduling: 0/3 nodes are
 * available: ...", "FailedAttachVolume: Multi-Attach error ...", "FailedCreate: ... exceeded quota"; null: no reason
 * known yet).
 */
public record JobView(String name, JobState state, int failedAttempts, String failureMessage, JobReport report,
    Instant finishedAt, Instant notStartedSince, String notStartedReason) {
  public JobView(String name, JobState state, int failedAttempts, String failureMessage, JobReport report,
      Instant finishedAt) {
    this(name, state, failedAttempts, failureMessage, report, finishedAt, null, null);
  }

  public JobView withNotStartedSince(Instant since) {
    return new JobView(name, state, failedAttempts, failureMessage, report, finishedAt, since, notStartedReason);
  }

  public JobView withNotStartedReason(String reason) {
    return new JobView(name, state, failedAttempts, failureMessage, report, finishedAt, notStartedSince, reason);
  }

  /**
   * Whether its pod has not started within {@code timeout} of the Job's creation: a pod that cannot be placed or
   * attached, or is never created, waits in Kubernetes forever.
   */
  public boolean notStartedWithin(java.time.Duration timeout, Instant now) {
    return state == JobState.ACTIVE && notStartedSince != null && !now.isBefore(notStartedSince.plus(timeout));
  }

  /**
   * Whether Pod Security admission refuses its pods ({@code FailedCreate: ... violates PodSecurity ...}): the Job
   * controller would try again forever, and nothing changes until someone changes the namespace's policy.
   */
  public boolean refusedByPodSecurity() {
    return state == JobState.ACTIVE && notStartedSince != null && notStartedReason != null
        && notStartedReason.contains("violates PodSecurity");
  }

  /** "its pod has not started: REASON", or null while it runs (or nothing is known of why it waits). */
  public String waitingMessage() {
    return notStartedSince == null || notStartedReason == null ? null : "its pod has not started: " + notStartedReason;
  }

  /**
   * How long after a Job finished its pod's report may still be on its way: the Job's condition and
   * the pod's termination message reach a cache independently.
   */
  public static final Duration REPORT_GRACE = Duration.ofSeconds(60);

  public JobView(String name, JobState state, int failedAttempts, String failureMessage, JobReport report) {
    this(name, state, failedAttempts, failureMessage, report, null);
  }

  /** How often a run whose Job's pod has not started looks again (its message says why within 30 s). */
  public static final Duration NOT_STARTED_RECHECK = Duration.ofSeconds(10);

  /** How soon to look again while a report is pending. */
  public static final Duration REPORT_RECHECK = Duration.ofSeconds(3);

  /**
   * A Job that succeeded but whose report is not seen yet, within the grace period: its success
   * says nothing of the missing report, so decide nothing on it and look again shortly. (A failed
   * Job is failed either way; its report would only improve the message.)
   */
  public boolean reportPending(Instant now) {
    return state == JobState.SUCCEEDED && report == null && finishedAt != null
        && now.isBefore(finishedAt.plus(REPORT_GRACE));
  }

  public enum JobState {
    /** Created, pods pending or running. */
    ACTIVE,
    /** Condition Complete. */
    SUCCEEDED,
    /** Condition Failed (backoff limit, deadline). */
    FAILED
  }

  public static JobView active(String name) {
    return new JobView(name, JobState.ACTIVE, 0, null, null);
  }

  /** The most specific reason available: the pod's own words first, then the Job's condition. */
  public String bestFailureReason() {
    if (report != null && report.message() != null && !report.message().isBlank()) {
      return report.message();
    }
    return failureMessage == null || failureMessage.isBlank() ? "no reason reported" : failureMessage;
  }
}
