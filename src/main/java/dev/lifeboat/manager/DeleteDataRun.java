package dev.lifeboat.manager;

import dev.lifeboat.jobs.SnapshotInventory;
import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.lifecycle.repository.SnapshotInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code backup-manager delete-data}: removes a Repository's data (deletionPolicy Delete), and only the data of its
 * own namespace: lifeboat writes each namespace's snapshots with restic's host set to the namespace, and a URL may
 * hold other namespaces' (or another cluster's) snapshots too. So:
 * <ul>
 *   <li>snapshots of other hosts exist: only this namespace's are forgotten, then pruned; the repository stays;</li>
 *   <li>none: a local repository's folder goes entirely; for object storage and the other backends restic has no
 *       "delete the repository" command, so every snapshot is forgotten and pruned (config and keys stay, a few KB).</li>
 * </ul>
 * Idempotent: a folder already gone, or nothing left to forget, is success.
 */
public final class DeleteDataRun {
  private final Restic restic;
  private final String url;
  private final String namespace;

  public DeleteDataRun(Restic restic, String url, String namespace) {
    this.restic = restic;
    this.url = url;
    this.namespace = namespace;
  }

  public JobReport run() throws Exception {
    return run(false);
  }

  /**
   * @param ownSnapshotsOnly other namespaces' Repositories name the URL: forget this namespace's snapshots and nothing
   *     more (a prune would take restic's exclusive lock beside their backups; the next prune of the URL reclaims it)
   */
  public JobReport run(boolean ownSnapshotsOnly) throws Exception {
    if (ownSnapshotsOnly) {
      try {
        List<String> own = SnapshotInventory.fromRestic(restic.snapshotsJson(List.of("--host", namespace))).stream()
            .filter(s -> Objects.equals(namespace, s.hostname())).map(SnapshotInfo::id).toList();
        if (!own.isEmpty()) {
          restic.forget(own);
        }
        return new JobReport(true, "forgot the " + own.size() + " snapshot(s) of namespace " + namespace + "; the"
            + " repository at " + url + " stays for the other Repositories that name it", null, null, null, null, null);
      } catch (ResticException e) {
        return JobReport.failure(e.getMessage());
      }
    }
    Path local = localPath(url);
    if (local != null) {
      if (!Files.exists(local)) {
        return new JobReport(true, "repository folder " + local + " is already gone", null, null, null, null, null);
      }
      if (!Files.exists(local.resolve("config"))) {
        return JobReport.failure(local + " holds no restic repository (no config file): not deleting it");
      }
    }
    try {
      List<SnapshotInfo> all = SnapshotInventory.fromRestic(restic.snapshotsJson(List.of()));
      List<String> own = all.stream().filter(s -> Objects.equals(namespace, s.hostname())).map(SnapshotInfo::id).toList();
      TreeSet<String> otherHosts = new TreeSet<>();
      all.stream().filter(s -> !Objects.equals(namespace, s.hostname()))
          .forEach(s -> otherHosts.add(String.valueOf(s.hostname())));
      if (!otherHosts.isEmpty()) {
        forgetAndPrune(own);
        return new JobReport(true, "forgot and pruned the " + own.size() + " snapshot(s) of namespace " + namespace + "; "
            + (all.size() - own.size()) + " snapshot(s) of other hosts (" + String.join(", ", otherHosts)
            + ") stay, and so does the repository at " + url, null, null, null, null, null);
      }
      if (local != null) {
        try (Stream<Path> walk = Files.walk(local)) {
          for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
        return new JobReport(true, "removed repository folder " + local + " (" + own.size() + " snapshot(s), all of"
            + " namespace " + namespace + ")", null, null, null, null, null);
      }
      forgetAndPrune(own);
      return new JobReport(true, "forgot and pruned " + own.size() + " snapshot(s); the repository's config and keys"
          + " remain at " + url, null, null, null, null, null);
    } catch (ResticException e) {
      return JobReport.failure(e.getMessage());
    }
  }

  private void forgetAndPrune(List<String> ids) throws Exception {
    if (!ids.isEmpty()) {
      restic.forget(ids);
    }
    new ResticMaintenance(restic).prune(null);
  }

  /** The folder of a local repository URL ({@code /path} or {@code local:/path}), else null. */
  static Path localPath(String url) {
    if (url == null) {
      return null;
    }
    if (url.startsWith("local:")) {
      return Path.of(url.substring("local:".length()));
    }
    return url.startsWith("/") ? Path.of(url) : null;
  }
}
