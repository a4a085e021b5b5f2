package dev.lifeboat.cli.repository;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.MaintenanceTask;
import dev.lifeboat.api.Repository;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.jobs.SnapshotInventory;
import dev.lifeboat.lifecycle.repository.SnapshotClaim;
import dev.lifeboat.lifecycle.repository.SnapshotInfo;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A repository's snapshots as the CLI sees them: the list its last verify left (run a fresh verify
 * first unless told not to: the CLI holds no repository password, the Job does), and the Backups of
 * every Repository with the same URL that claim them.
 */
final class Inventory {
  private Inventory() {}

  static List<SnapshotInfo> load(ClientCommand command, Repository repository, boolean refresh, Duration timeout) {
    String name = repository.getMetadata().getName();
    if (refresh) {
      int code = MaintenanceRequestCommand.request(command, name, MaintenanceTask.verify, new LinkedHashMap<>(), true,
          timeout, command.err());
      if (code != ExitCodes.OK) {
        throw new UserException(code, "could not list the snapshots of Repository " + name + " (see above)");
      }
    }
    List<SnapshotInfo> snapshots = SnapshotInventory.read(cm -> command.client().configMaps()
        .inNamespace(repository.getMetadata().getNamespace()).withName(cm).get(), name, null);
    if (snapshots == null) {
      throw new UserException(ExitCodes.FAILED, "no snapshot list of Repository " + name + " yet: run 'lifeboat repository"
          + " verify " + name + " --wait' (or leave out --no-refresh)");
    }
    return snapshots;
  }

  /** namespace → the Repository there with this one's URL (this one's own namespace first). */
  static Map<String, String> sameUrl(ClientCommand command, Repository repository) {
    Map<String, String> sameUrl = new LinkedHashMap<>();
    sameUrl.put(repository.getMetadata().getNamespace(), repository.getMetadata().getName());
    for (Repository r : repositoriesEverywhere(command, repository)) {
      if (Objects.equals(r.getSpec().url, repository.getSpec().url)) {
        sameUrl.putIfAbsent(r.getMetadata().getNamespace(), r.getMetadata().getName());
      }
    }
    return sameUrl;
  }

  /** All Repositories the user may list (cluster-wide, else the repository's namespace only). */
  static List<Repository> repositoriesEverywhere(ClientCommand command, Repository repository) {
    try {
      return command.client().resources(Repository.class).inAnyNamespace().list().getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e;
      }
      return List.of(repository);
    }
  }

  /** Every Backup in those namespaces (for names and claims). */
  static List<Backup> backups(ClientCommand command, Map<String, String> sameUrl) {
    List<Backup> all = new ArrayList<>();
    for (String ns : sameUrl.keySet()) {
      all.addAll(command.client().resources(Backup.class).inNamespace(ns).list().getItems());
    }
    return all;
  }

  /** The claims of the Backups that name one of the same-URL Repositories. */
  static List<SnapshotClaim> claims(List<Backup> backups, Map<String, String> sameUrl) {
    List<SnapshotClaim> claims = new ArrayList<>();
    for (Backup b : backups) {
      if (Objects.equals(sameUrl.get(b.getMetadata().getNamespace()), b.getSpec().repository)) {
        SnapshotClaim claim = SnapshotClaim.of(b);
        if (claim != null) {
          claims.add(claim);
        }
      }
    }
    return claims;
  }
}
