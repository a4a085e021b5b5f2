package dev.lifeboat.engine;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Restore;
import dev.lifeboat.lifecycle.restore.RestoreCleanup;
import java.util.Collection;

/** Who still uses a PVC: unfinished Backups of it and unfinished Restores into it. */
final class PvcUsers {
  private PvcUsers() {}

  static boolean othersUsing(Collection<Backup> backups, Collection<Restore> restores, String pvc, String kind, String name) {
    for (Backup b : backups) {
      boolean unfinished = b.getStatus() == null || b.getStatus().phase == null || !b.getStatus().phase.isTerminal();
      if (unfinished && b.getSpec().source != null && pvc.equals(b.getSpec().source.pvc)
          && !(kind.equals("Backup") && name.equals(b.getMetadata().getName()))) {
        return true;
      }
    }
    for (Restore r : restores) {
      boolean unfinished = r.getStatus() == null || r.getStatus().phase == null || !RestoreCleanup.isSettled(r.getStatus().phase);
      String target = r.getStatus() != null && r.getStatus().targetPvc != null ? r.getStatus().targetPvc
          : r.getSpec().target == null ? null : r.getSpec().target.pvc;
      if (unfinished && pvc.equals(target) && !(kind.equals("Restore") && name.equals(r.getMetadata().getName()))) {
        return true;
      }
    }
    return false;
  }
}
