package dev.lifeboat.lifecycle;

/** A side effect the engine performs for a decision. Every action is idempotent by name. */
public sealed interface Action permits Action.CreateJob, Action.DeleteJob, Action.RecordEvent {

  /** Create the Job for {@code purpose}; an existing Job of that name counts as done. */
  record CreateJob(JobPurpose purpose, String jobName) implements Action {}

  /** Delete a Job and its pods (foreground propagation). A missing Job counts as done. */
  record DeleteJob(String jobName) implements Action {}

  /** A Kubernetes Event on the resource. Best effort: never blocks a transition. */
  record RecordEvent(EventType type, String reason, String message) implements Action {}

  enum EventType {
    Normal,
    Warning
  }
}
