package dev.lifeboat.lifecycle;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Restore;
import dev.lifeboat.api.BackupHook;
import java.time.Instant;
import java.util.List;

/** A side effect the engine performs for a decision. Every action is idempotent by name. */
public sealed interface Action permits Action.CreateJob, Action.DeleteJob, Action.RecordEvent, Action.AcquireLock,
    Action.ReleaseLock, Action.RenewLock, Action.SaveReplicas, Action.ScaleWorkload, Action.CreateBackup,
    Action.DeleteBackup, Action.Finalizer, Action.EnsureCronJob, Action.DeleteCronJob, Action.ShutdownTarget,
    Action.WakeTarget, Action.ClearRestoredMarks, Action.MarkSnapshotMissing, Action.CreateRestore,
    Action.AcquireUrlLock, Action.ReleaseUrlLock, Action.RunHooks, Action.CreateVolumeSnapshot, Action.CreateCopyClaim,
    Action.DeleteCopy, Action.CreateScratchClaim, Action.DeleteScratch,
    Action.CreateDrill, Action.DeleteDrill {

  /** Create the Job for {@code purpose}; an existing Job of that name counts as done. */
  record CreateJob(JobPurpose purpose, String jobName) implements Action {}

  /** Delete a Job and its pods (foreground propagation). A missing Job counts as done. */
  record DeleteJob(String jobName) implements Action {}

  /** A Kubernetes Event on the resource. Best effort: never blocks a transition. */
  record RecordEvent(EventType type, String reason, String message) implements Action {}

  /** Take the target's operation lock (a Lease); {@code takeOver} replaces another holder. */
  record AcquireLock(String leaseName, String holder, boolean takeOver) implements Action {}

  /**
   * Take the Lease of a restic URL ({@link Locks#leaseForUrl}) in {@code namespace}, lifeboat's own: one Repository
   * of the URL at a time runs exclusive maintenance. {@code takeOver} replaces a holder that is gone.
   */
  record AcquireUrlLock(String namespace, String leaseName, String holder, boolean takeOver) implements Action {}

  /** Release a URL's Lease if (and only if) {@code holder} holds it. */
  record ReleaseUrlLock(String namespace, String leaseName, String holder) implements Action {}

  /** Release the lock if (and only if) {@code holder} holds it. */
  record ReleaseLock(String leaseName, String holder) implements Action {}

  /** Refresh the renewTime of a lock {@code holder} holds: a sign of life for whoever looks at the Lease. */
  record RenewLock(String leaseName, String holder) implements Action {}

  /** Remember a workload's replicas in the restore data ConfigMap (save-or-preserve: never overwrites). */
  record SaveReplicas(String configMap, String workload, int replicas) implements Action {}

  /** Set a workload's replicas ({@code deployment/NAME} or {@code statefulset/NAME}). */
  record ScaleWorkload(String workload, int replicas) implements Action {}

  /** Create this Backup (a Schedule's run); one of that name counts as done. */
  record CreateBackup(Backup backup) implements Action {}

  /** Create this Drill (a Schedule's drill run); one of that name counts as done. */
  record CreateDrill(dev.lifeboat.api.Drill drill) implements Action {}

  /** Delete a Drill a Schedule made (only its newest are kept); a missing one counts as done. */
  record DeleteDrill(String name) implements Action {}

  /** Create this Restore (a Schedule's auto-restore); one of that name counts as done. */
  record CreateRestore(Restore restore) implements Action {}

  /**
   * Delete a Backup (retention); a missing one counts as done. Its own finalizers decide when it goes. A Schedule's
   * Backup in another namespace (namespaceSelector) is named {@code namespace/name}.
   */
  record DeleteBackup(String name) implements Action {}

  /** Add or remove a finalizer on the resource itself. */
  record Finalizer(String finalizer, boolean present) implements Action {}

  /** Create or update the resource's CronJob to the spec the engine renders for it. */
  record EnsureCronJob(String name) implements Action {}

  /** Delete the resource's CronJob (its mode changed); a missing one counts as done. */
  record DeleteCronJob(String name) implements Action {}

  /**
   * Shut a plan's target down: capture it (kept as pending), shut it down, then commit the capture
   * (save-or-preserve). Repeating it after a crash at any step is harmless.
   */
  record ShutdownTarget(String target, String cycleId) implements Action {}

  /**
   * Wake a plan's target from its restore point ({@code restore}; false when the cycle never touched
   * it), then put its restored mark on the ConfigMap.
   */
  record WakeTarget(String target, String cycleId, boolean restore) implements Action {}

  /** Remove every restored mark of the plan's ConfigMap (the wake-up is over; the data stays). */
  record ClearRestoredMarks() implements Action {}

  /**
   * Set (or clear) a Backup's {@code SnapshotMissing} condition and its Ready condition with it: a
   * repository's verify found (or found again) the snapshot it claims. Its phase stays.
   */
  record MarkSnapshotMissing(String namespace, String backup, boolean missing, String message, Instant at)
      implements Action {}

  /**
   * Run a Backup's hooks of one stage ({@code pre} or {@code post}) in the pods each names, in order, and record each
   * run in {@code status.hooks}. Pre hooks stop at the first failure that fails the Backup; post hooks all run.
   */
  record RunHooks(String stage, List<BackupHook> hooks) implements Action {}

  /** Create a VolumeSnapshot of a Backup's claim ({@code snapshotClass} null: the driver's default), owned by it. */
  record CreateVolumeSnapshot(String name, String claim, String snapshotClass) implements Action {}

  /**
   * Create a Backup's temporary claim, owned by it, filled from {@code sourceKind} ({@code VolumeSnapshot} or
   * {@code PersistentVolumeClaim}) {@code sourceName}; its class and size those of {@code claim}.
   */
  record CreateCopyClaim(String name, String sourceKind, String sourceName, String claim) implements Action {}

  /** Delete a Backup's temporary claim and VolumeSnapshot (either may be null); missing ones count as done. */
  record DeleteCopy(String volumeSnapshot, String claim) implements Action {}

  /**
   * Create a Drill's scratch claim, owned by it: empty, {@code size} and {@code storageClass} (null: the cluster's
   * default), labelled as a copy of {@code claim} so that no Schedule selects it.
   */
  record CreateScratchClaim(String name, String claim, String size, String storageClass) implements Action {}

  /** Delete a Drill's Restore, verify Job and scratch claim (null ones are skipped); missing ones count as done. */
  record DeleteScratch(String restore, String verifyJob, String claim) implements Action {}

  enum EventType {
    Normal,
    Warning
  }
}
