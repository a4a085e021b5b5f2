package dev.lifeboat.cli.restore;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Repository;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.jobs.SnapshotInventory;
import dev.lifeboat.lifecycle.repository.SnapshotInfo;
import dev.lifeboat.manager.RestoreRun;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * What a snapshot named by ID holds, as far as the cluster knows without the repository's password: the list the
 * Repository's last verify left, and the Backups that made or imported it. A stream snapshot (pg_dump, a raft
 * snapshot, a command's output) restored as a claim's tree would replace the claim's files with one file, so that
 * mismatch is refused here, before anything is created. A snapshot the cluster does not know yet is checked by the
 * restore's snapshot-check Job instead, still before any lock, stop or write.
 */
final class SnapshotContent {
  private SnapshotContent() {}

  static void check(KubernetesClient client, Repository repository, String id, boolean asFile) {
    String ns = repository.getMetadata().getNamespace();
    String name = repository.getMetadata().getName();
    SnapshotInfo known = null;
    List<SnapshotInfo> inventory = SnapshotInventory.read(cm -> client.configMaps().inNamespace(ns).withName(cm).get(),
        name, null);
    if (inventory != null) {
      known = inventory.stream().filter(s -> s.matches(id)).findFirst().orElse(null);
    }
    String kind;
    if (known != null) {
      kind = known.streamKind();
    } else {
      String fromBackup = backupSourceKind(client, ns, name, id);
      if (fromBackup == null) {
        return; // not known here: the check Job reads the snapshot itself
      }
      kind = fromBackup.equals("pvc") ? null : fromBackup;
    }
    String where = "--from-snapshot " + name + "/" + id + ": ";
    if (kind != null && !asFile) {
      SnapshotInfo described = known != null ? known
          : new SnapshotInfo(id, null, null, List.of("?"), List.of("source=" + kind));
      throw UserException.usage(where + RestoreRun.streamIntoClaim(described));
    }
    if (kind == null && asFile) {
      throw UserException.usage(where + "it holds a claim's files, not an application stream: leave out --as-file");
    }
  }

  /** The source kind (pvc, postgres, ...) of the Backup of this repository whose snapshot this is; null: none. */
  private static String backupSourceKind(KubernetesClient client, String ns, String repository, String id) {
    for (Backup b : client.resources(Backup.class).inNamespace(ns).list().getItems()) {
      String snapshot = b.getStatus() == null ? null : b.getStatus().snapshotId;
      if (repository.equals(b.getSpec().repository) && snapshot != null && id.length() >= 8
          && (snapshot.startsWith(id) || id.startsWith(snapshot)) && b.getSpec().source != null) {
        var kind = b.getSpec().source.kind();
        return kind.isClaim() ? "pvc" : kind.name();
      }
    }
    return null;
  }
}
