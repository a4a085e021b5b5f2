package dev.lifeboat.manager;

import dev.lifeboat.api.Backup;
import dev.lifeboat.lifecycle.JobReport;
import io.fabric8.kubernetes.client.KubernetesClient;
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

  public JobReport run(String namespace, String name) throws Exception {
    Backup backup = client.resources(Backup.class).inNamespace(namespace).withName(name).get();
    if (backup == null) {
      return JobReport.failure("Backup " + namespace + "/" + name + " not found");
    }
    try {
      String known = backup.getStatus() == null ? null : backup.getStatus().snapshotId;
      List<String> args = known != null ? List.of(known) : List.of("--host", namespace, "--tag", "backup=" + name);
      List<String> ids = ResticOutput.snapshotIds(restic.snapshotsJson(args));
      if (ids.isEmpty()) {
        return JobReport.failure(known != null ? "snapshot " + known + " is not in the repository"
            : "no snapshot tagged backup=" + name + " in the repository");
      }
      return new JobReport(true, "snapshot verified", ids.get(ids.size() - 1), true, null, null, null);
    } catch (ResticException e) {
      return JobReport.failure(e.getMessage());
    }
  }
}
