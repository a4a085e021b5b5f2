package dev.lifeboat.lifecycle;

/**
 * What the engine saw of a Job: its own outcome (conditions), how many pods failed, and what the
 * last pod wrote as its termination message, already parsed.
 */
public record JobView(String name, JobState state, int failedAttempts, String failureMessage, JobReport report) {

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
