package dev.lifeboat.manager;

import dev.lifeboat.lifecycle.JobReport;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code backup-manager forget}: forgets a batch of snapshots (of Backups deleted with deletionPolicy
 * Delete) in one restic process, so one exclusive lock serves them all. Idempotent: snapshots that
 * are already gone (an earlier try of this Job got that far) are skipped, not an error.
 */
public final class ForgetRun {
  private final Restic restic;

  public ForgetRun(Restic restic) {
    this.restic = restic;
  }

  public JobReport run(List<String> snapshotIds) throws Exception {
    try {
      List<String> present = restic.snapshotIds();
      List<String> toForget = new ArrayList<>();
      for (String id : snapshotIds) {
        if (present.stream().anyMatch(p -> p.startsWith(id))) {
          toForget.add(id);
        }
      }
      if (!toForget.isEmpty()) {
        restic.forget(toForget);
      }
      return new JobReport(true, "forgot " + toForget.size() + " snapshot(s)"
          + (toForget.size() < snapshotIds.size() ? ", " + (snapshotIds.size() - toForget.size()) + " already gone" : ""),
          null, null, null, null, null);
    } catch (ResticException e) {
      return JobReport.failure(e.getMessage());
    }
  }
}
