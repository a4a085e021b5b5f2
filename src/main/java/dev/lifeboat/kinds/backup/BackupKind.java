package dev.lifeboat.kinds.backup;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.BackupSource;
import dev.lifeboat.kind.Kind;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.output.Ages;
import dev.lifeboat.output.Column;
import java.util.List;
import java.util.Set;

/** The Backup kind: one backup run of one source. */
public final class BackupKind {
  public static final Kind<Backup> KIND = new Kind<>(Backup.class, "backups", List.of("backup", "bk"), List.of(
      Column.of("PHASE", (b, now) -> b.getStatus() == null ? "" : String.valueOf(b.getStatus().phase)),
      Column.of("REPOSITORY", (b, now) -> b.getSpec().repository),
      Column.of("SOURCE", (b, now) -> sourceColumn(b.getSpec().source)),
      Column.of("SNAPSHOT", (b, now) -> b.getStatus() == null || b.getStatus().snapshotId == null ? ""
          : b.getStatus().snapshotId.substring(0, Math.min(8, b.getStatus().snapshotId.length()))),
      Column.wide("SIZE", (b, now) -> b.getStatus() == null || b.getStatus().summary == null ? ""
          : Ages.bytes(b.getStatus().summary.totalBytesProcessed)),
      Column.wide("MESSAGE", (b, now) -> b.getStatus() == null ? "" : Column.text(b.getStatus().message)),
      Column.age()),
      new BackupReconciler(),
      // a Schedule's runs, retention, the lock clean-up finalizer; the Jobs read it and report progress
      Set.of("create", "delete", "update"), Set.of("get", "status"),
      new Kind.Logs<>(List.of(JobPurpose.BACKUP), b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Failed
          ? "backup " + b.getMetadata().getName() + " Failed: " + b.getStatus().message : null));

  private BackupKind() {}

  /** A claim's name, or an application's target; a command shortened to what fits a column. */
  static String sourceColumn(BackupSource source) {
    if (source == null || source.kind() == null) {
      return "";
    }
    if (source.isClaim()) {
      return source.pvc;
    }
    String target = source.target();
    return target.length() <= 48 ? target : target.substring(0, 47) + "…";
  }
}
