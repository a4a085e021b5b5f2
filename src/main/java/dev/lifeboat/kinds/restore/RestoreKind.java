package dev.lifeboat.kinds.restore;

import dev.lifeboat.api.Restore;
import dev.lifeboat.api.RestorePhase;
import dev.lifeboat.kind.Kind;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.restore.RestoreCleanup;
import dev.lifeboat.output.Column;
import java.util.List;
import java.util.Set;

/** The Restore kind: one restore of one snapshot into one target. */
public final class RestoreKind {
  public static final Kind<Restore> KIND = new Kind<>(Restore.class, "restores", List.of("restore", "rs"), List.of(
      Column.of("PHASE", (r, now) -> r.getStatus() == null ? "" : String.valueOf(r.getStatus().phase)),
      Column.of("BACKUP", (r, now) -> Column.text(r.getSpec().backup)),
      Column.of("TARGET", (r, now) -> r.getStatus() != null && r.getStatus().target != null ? r.getStatus().target
          : r.getSpec().target == null ? "" : Column.text(r.getSpec().target.pvc)),
      Column.age()),
      new RestoreReconciler(),
      // a Schedule's auto-restores and a Drill's restore (deleted with its scratch); the lock clean-up finalizer
      Set.of("create", "delete", "update"), Set.of(),
      new Kind.Logs<>(List.of(JobPurpose.SNAPSHOT_CHECK, JobPurpose.RESTORE, JobPurpose.PRUNE), RestoreKind::failure));

  private RestoreKind() {}

  /** Why a settled Restore did not complete ("restore r1 Failed: ..."), or null. */
  private static String failure(Restore r) {
    var status = r.getStatus();
    boolean failed = status != null && status.phase != null && status.phase != RestorePhase.Completed
        && RestoreCleanup.isSettled(status.phase);
    return failed ? "restore " + r.getMetadata().getName() + " " + status.phase + ": " + status.message : null;
  }
}
