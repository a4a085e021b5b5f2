package dev.lifeboat.manager;

import dev.lifeboat.api.Backup;
import dev.lifeboat.lifecycle.JobReport;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.lifeboat.jobs.SnapshotInventory;
import dev.lifeboat.lifecycle.repository.SnapshotInfo;
import java.util.List;

/**
 * {@code backup-manager verify}: finds the snapshot a Backup made (its ID from status, or the
 * newest snapshot tagged with the backup's name) and confirms it is in the repository.
 */
public final class VerifyRun {
  private final KubernetesClient client;
  private final Restic restic;

  public VerifyRun(KubernetesClient client, Restic restic) {
    this.client = client;
    this.restic = restic;
  }

  /** @param snapshotHost the namespace whose snapshot it must be (restic host), or null for any (lifeboat's own view) */
  public JobReport run(String namespace, String name, String snapshotHost) throws Exception {
    Backup backup = client.resources(Backup.class).inNamespace(namespace).withName(name).get();
    if (backup == null) {
      return JobReport.failure("Backup " + namespace + "/" + name + " not found");
    }
    try {
      String known = backup.getStatus() == null ? null : backup.getStatus().snapshotId;
      List<String> args = known != null ? List.of(known) : List.of("--host", namespace, "--tag", "backup=" + name);
      List<SnapshotInfo> found = SnapshotInventory.fromRestic(restic.snapshotsJson(args));
      if (found.isEmpty()) {
        return JobReport.failure(known != null ? "snapshot " + known + " is not in the repository"
            : "no snapshot tagged backup=" + name + " in the repository");
      }
      SnapshotInfo snapshot = found.get(found.size() - 1);
      String foreign = ForeignSnapshots.problem(snapshot, snapshotHost);
      if (foreign != null) {
        return JobReport.failure(foreign);
      }
      return new JobReport(true, "snapshot verified", snapshot.id(), true, null, null, null);
    } catch (ResticException e) {
      return JobReport.failure(e.getMessage());
    }
  }
}
