package dev.lifeboat.lifecycle.schedule;

import dev.lifeboat.api.BackupPhase;
import java.time.Instant;

/**
 * One Backup a Schedule made, as its lifecycle sees it.
 *
 * @param time the fire time of its run (the scheduled-time annotation), else when it was created
 * @param phase null until the Backup's own lifecycle has looked at it
 * @param incomplete Ready, but restic could not read some files: for retention a failed run, never kept in place of a
 *     complete one
 */
public record ScheduledBackup(String name, String pvc, BackupPhase phase, Instant time, Instant completionTime,
    String snapshotId, boolean deleting, boolean incomplete) {
  public ScheduledBackup(String name, String pvc, BackupPhase phase, Instant time, Instant completionTime,
      String snapshotId, boolean deleting) {
    this(name, pvc, phase, time, completionTime, snapshotId, deleting, false);
  }

  /** A Ready Backup whose snapshot holds every file: what retention keeps. */
  public boolean complete() {
    return phase == BackupPhase.Ready && !incomplete;
  }

  /** Failed, or Ready but incomplete: what expires once a newer complete Backup is kept. */
  public boolean failedRun() {
    return phase == BackupPhase.Failed || phase == BackupPhase.Ready && incomplete;
  }

  public boolean finished() {
    return phase != null && phase.isTerminal();
  }
}
