package dev.lifeboat.api;

/**
 * Where a {@link Restore} is in its lifecycle.
 *
 * <pre>
 *   Pending ─► Validating ─► Stopping ─► Running ─► Starting ─► Completed
 *                  │             │           │          │
 *                  └─────────────┴───────────┴──────────┴─► Failed ─(prune: AfterFailed)─►
 *                                                             PruneScheduled ─► PruneRunning ─► PruneComplete | PruneFailed
 *   any non-terminal phase ─(abort)─► Aborting ─► Aborted
 * </pre>
 */
public enum RestorePhase {
  /** Accepted, not yet looked at. */
  Pending,
  /** Checking the target, the backup or snapshot, the repository, and taking the operation lock. */
  Validating,
  /** Scaling the listed workloads to zero and waiting for their pods to go. */
  Stopping,
  /** The restore Job is writing the snapshot into the target. */
  Running,
  /** Scaling the workloads back to the replicas they had. */
  Starting,
  /** Data restored and applications started. Terminal. */
  Completed,
  /** The restore did not complete; {@code status.message} says why. Terminal unless pruning follows. */
  Failed,
  /** A cleanup Job is about to be created for a failed or aborted restore. */
  PruneScheduled,
  /** The cleanup Job runs. */
  PruneRunning,
  /** Cleanup done; the restore itself still failed. Terminal. */
  PruneComplete,
  /** Cleanup failed too. Terminal. */
  PruneFailed,
  /** A user asked to abort: the running Job is being stopped. */
  Aborting,
  /** Aborted by a user; applications started again, lock released. Terminal. */
  Aborted
}
