package dev.lifeboat.lifecycle.repository;

import dev.lifeboat.lifecycle.Conditions;
import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;

/**
 * A Backup that claims a snapshot of the repository (its status.snapshotId), in any namespace whose
 * Repository has the same URL.
 *
 * @param ready whether the Backup is in phase Ready (only those can miss their snapshot)
 * @param markedMissing whether it carries SnapshotMissing=True now
 */
public record SnapshotClaim(String namespace, String backup, String snapshotId, boolean ready, boolean markedMissing) {

  /**
   * The snapshot a Backup claims: its status.snapshotId, or an imported one's spec.snapshot (its
   * status may not be written yet); null when it claims none (yet).
   */
  public static SnapshotClaim of(Backup b) {
    var status = b.getStatus();
    String id = status != null && status.snapshotId != null ? status.snapshotId
        : b.getSpec().snapshot != null ? b.getSpec().snapshot.id : null;
    if (id == null) {
      return null;
    }
    var missing = status == null ? null : Conditions.find(status.conditions, Conditions.SNAPSHOT_MISSING);
    return new SnapshotClaim(b.getMetadata().getNamespace(), b.getMetadata().getName(), id,
        status != null && status.phase == BackupPhase.Ready,
        missing != null && "True".equals(missing.getStatus()));
  }
}
