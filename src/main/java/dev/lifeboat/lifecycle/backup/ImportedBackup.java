package dev.lifeboat.lifecycle.backup;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.BackupStatus;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Action.EventType;
import dev.lifeboat.lifecycle.Conditions;
import dev.lifeboat.lifecycle.Decision;
import java.time.Instant;
import java.util.List;
import java.util.ArrayList;

/**
 * A Backup made by {@code repository import} (disaster recovery): it stands for a snapshot that is
 * already in the repository, so it goes straight to Ready from its {@code spec.snapshot}, with no
 * Job. The importing command writes this same status itself, so no controller is needed.
 *
 * <pre>
 *   (new, spec.imported) ──► Ready   (spec.snapshot.id set)
 *                      └───► Failed  (spec.snapshot missing)
 * </pre>
 */
public final class ImportedBackup {
  private ImportedBackup() {}

  public static Decision<BackupStatus> decide(Backup backup, BackupStatus status, List<Action> actions, Instant now) {
    Long generation = backup.getMetadata().getGeneration();
    var snapshot = backup.getSpec().snapshot;
    if (snapshot == null || snapshot.id == null || snapshot.id.isBlank()) {
      status.phase = BackupPhase.Failed;
      status.message = "spec.imported is set but spec.snapshot.id is missing: an imported Backup names its snapshot";
      Conditions.set(status.conditions, Conditions.READY, false, "ValidationFailed", status.message, generation, now);
      actions.add(new Action.RecordEvent(EventType.Warning, "ValidationFailed", status.message));
      return Decision.of(status, actions);
    }
    status.phase = BackupPhase.Ready;
    status.snapshotId = snapshot.id;
    status.startTime = snapshot.time;
    status.completionTime = snapshot.time;
    status.message = "imported: snapshot " + snapshot.id.substring(0, Math.min(8, snapshot.id.length()))
        + " found in the repository";
    Conditions.set(status.conditions, Conditions.READY, true, "Imported", status.message, generation, now);
    actions.add(new Action.RecordEvent(EventType.Normal, "Imported", status.message));
    return Decision.of(status, actions);
  }

  /** The status an importer writes right after creating the Backup (the same as the controller would). */
  public static BackupStatus readyStatus(Backup backup, Instant now) {
    return decide(backup, new BackupStatus(), new ArrayList<>(), now).status();
  }
}
