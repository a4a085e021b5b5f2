package dev.lifeboat.lifecycle.drill;

import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.RestorePhase;
import dev.lifeboat.lifecycle.JobView;
import java.time.Instant;

/**
 * What the Drill lifecycle needs of the world.
 *
 * @param backup the Backup drilled (the one named, or the newest Ready one of the claim or Schedule), or null
 * @param unresolved why there is none (null when {@code backup} is set)
 * @param scratchSize the scratch claim's size and class (spec.scratch over the backed-up claim's), or null when
 *     neither says
 * @param scratchClaim whether the claim named for the scratch exists, and whose it is
 * @param restoreObject whether the Restore named for the drill exists, and whose it is
 * @param restore that Restore, when it is the drill's
 * @param verifyJob the verify command's Job, or null
 * @param databaseJob a PostgreSQL drill's Job of its phase: its restore while Restoring, its cleanup once Failed
 */
public record DrillObservation(Chosen backup, String unresolved, ScratchSize scratchSize, Owned scratchClaim,
    Owned restoreObject, RestoreView restore, JobView verifyJob, JobView databaseJob) {

  /** A claim's drill: no database Job. */
  public DrillObservation(Chosen backup, String unresolved, ScratchSize scratchSize, Owned scratchClaim,
      Owned restoreObject, RestoreView restore, JobView verifyJob) {
    this(backup, unresolved, scratchSize, scratchClaim, restoreObject, restore, verifyJob, null);
  }

  /**
   * @param pvc the claim it backed up, or null for an application source ({@code application} says which kind:
 *     {@code postgres}, {@code pg_dumpall}, ...)
   * @param snapshotTime when its snapshot was taken (its point-in-time copy, else its start), or null
   * @param snapshotMissing the message of its SnapshotMissing condition, when a verify found the snapshot gone
   */
  public record Chosen(String name, BackupPhase phase, String pvc, String application, String repository,
      String snapshotId, Instant snapshotTime, String snapshotMissing) {}

  /** @param size a quantity ("10Gi") */
  public record ScratchSize(String size, String storageClass) {}

  /** The drill's Restore as it stands. */
  public record RestoreView(RestorePhase phase, String message, Long files, Long bytes) {}

  /** An object of a name the drill uses: not there, the drill's own (its owner reference), or someone else's. */
  public enum Owned {
    ABSENT,
    OURS,
    FOREIGN
  }
}
