package dev.lifeboat.cli.backup;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.BackupProgress;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.output.Ages;
import java.util.Locale;

/** What --wait shows and returns for a Backup. */
public final class BackupProgressText {
  private BackupProgressText() {}

  public static String line(Backup backup) {
    String name = backup.getMetadata().getName();
    if (backup.getStatus() == null || backup.getStatus().phase == null) {
      return "backup " + name + ": Pending";
    }
    BackupPhase phase = backup.getStatus().phase;
    BackupProgress p = backup.getStatus().progress;
    StringBuilder text = new StringBuilder("backup " + name + ": " + phase);
    if (phase == BackupPhase.Running && p != null && p.percentDone != null) {
      text.append(String.format(Locale.ROOT, " %3.0f%%", p.percentDone * 100));
      if (p.totalBytes != null && p.totalBytes > 0) {
        text.append(" (").append(Ages.bytes(p.bytesDone)).append(" of ").append(Ages.bytes(p.totalBytes)).append(')');
      }
    } else if (phase == BackupPhase.Pending && backup.getStatus().message != null) {
      text.append(" - ").append(backup.getStatus().message);
    }
    return text.toString();
  }

  /** Null while waiting; else the exit code. */
  public static Integer outcome(Backup backup) {
    if (backup.getStatus() == null || backup.getStatus().phase == null) {
      return null;
    }
    return switch (backup.getStatus().phase) {
      case Ready -> ExitCodes.OK;
      case Failed -> ExitCodes.FAILED;
      default -> null;
    };
  }
}
