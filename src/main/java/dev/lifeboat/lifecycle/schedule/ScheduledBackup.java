package dev.lifeboat.lifecycle.schedule;

import dev.lifeboat.api.BackupPhase;
import java.time.Instant;

/**
 * One Backup a Schedule made, as its lifecycle sees it.
 *
 * @param time the fire time of its run (the scheduled-time annotation), else when it was created
 * @param phase null until the Backup's own lifecycle has looked at it
 */
public record ScheduledBackup(String name, String pvc, BackupPhase phase, Instant time, Instant completionTime,
    String snapshotId, boolean deleting) {
  public boolean finished() {
    return phase != null && phase.isTerminal();
  }
}
