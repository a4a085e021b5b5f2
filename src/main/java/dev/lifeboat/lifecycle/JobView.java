package dev.lifeboat.lifecycle;

import java.time.Duration;
import java.time.Instant;

/**
 * What the engine saw of a Job: its own outcome (conditions), how many pods failed, what the last
 * pod wrote as its termination message (already parsed), and when the Job finished (null: running,
 * or not recorded).
 */
public record JobView(String name, JobState state, int failedAttempts, String failureMessage, JobReport report,
    Instant finishedAt) {
  /**
   * How long after a Job finished its pod's report may still be on its way: the Job's condition and
   * the pod's termination message reach a cache independently.
   */
  public static final Duration REPORT_GRACE = Duration.ofSeconds(60);

  public JobView(String name, JobState state, int failedAttempts, String failureMessage, JobReport report) {
    this(name, state, failedAttempts, failureMessage, report, null);
  }

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
