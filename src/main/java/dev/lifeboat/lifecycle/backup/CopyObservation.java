package dev.lifeboat.lifecycle.backup;

import dev.lifeboat.api.BackupHook;
import dev.lifeboat.lifecycle.PvcState;
import java.util.List;

/**
 * What a Backup's point-in-time copy and hooks depend on, as the engine found it.
 *
 * @param annotatedPre pre hooks of the pods that mount the claim (annotations {@code pre.hook.backup.lifeboat.dev/*}),
 *     each naming its pod
 * @param annotatedPost their post hooks
 * @param snapshotClass the VolumeSnapshotClass a Snapshot copy uses (spec's, or the driver's default); null if none
 * @param problem why no copy of this claim can be made (no snapshot class for its driver, ...); null when it can
 * @param snapshot the VolumeSnapshot named in the status; null when none exists (or none is named)
 * @param copyClaim the temporary claim named in the status; {@link PvcState#MISSING} when none exists
 */
public record CopyObservation(
    List<BackupHook> annotatedPre,
    List<BackupHook> annotatedPost,
    String snapshotClass,
    String problem,
    SnapshotState snapshot,
    PvcState copyClaim) {

  static final CopyObservation NONE = new CopyObservation(List.of(), List.of(), null, null, null, PvcState.MISSING);

  /**
   * A VolumeSnapshot as its status tells it.
   *
   * @param creationTime when the storage cut it (the point in time); null until then
   * @param ready whether a claim can be made from it ({@code readyToUse})
   * @param error the snapshotter's error message, or null
   */
  public record SnapshotState(String creationTime, boolean ready, String error) {
    public boolean cut() {
      return creationTime != null || ready;
    }
  }
}
