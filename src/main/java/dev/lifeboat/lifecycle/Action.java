package dev.lifeboat.lifecycle;

/** A side effect the engine performs for a decision. Every action is idempotent by name. */
public sealed interface Action permits Action.CreateJob, Action.DeleteJob, Action.RecordEvent, Action.AcquireLock,
    Action.ReleaseLock, Action.SaveReplicas, Action.ScaleWorkload, Action.PvcFinalizer {

  /** Create the Job for {@code purpose}; an existing Job of that name counts as done. */
  record CreateJob(JobPurpose purpose, String jobName) implements Action {}

  /** Delete a Job and its pods (foreground propagation). A missing Job counts as done. */
  record DeleteJob(String jobName) implements Action {}

  /** A Kubernetes Event on the resource. Best effort: never blocks a transition. */
  record RecordEvent(EventType type, String reason, String message) implements Action {}

  /** Take the target's operation lock (a Lease); {@code takeOver} replaces another holder. */
  record AcquireLock(String leaseName, String holder, boolean takeOver) implements Action {}

  /** Release the lock if (and only if) {@code holder} holds it. */
  record ReleaseLock(String leaseName, String holder) implements Action {}

  /** Remember a workload's replicas in the restore data ConfigMap (save-or-preserve: never overwrites). */
  record SaveReplicas(String configMap, String workload, int replicas) implements Action {}

  /** Set a workload's replicas ({@code deployment/NAME} or {@code statefulset/NAME}). */
  record ScaleWorkload(String workload, int replicas) implements Action {}

  /** Add or remove the in-use finalizer on a PVC. */
  record PvcFinalizer(String pvc, boolean present) implements Action {}

  enum EventType {
    Normal,
    Warning
  }
}
