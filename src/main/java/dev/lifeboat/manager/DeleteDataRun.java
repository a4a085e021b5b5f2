package dev.lifeboat.manager;

import dev.lifeboat.lifecycle.JobReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code backup-manager delete-data}: removes a Repository's data (deletionPolicy Delete). A local
 * repository's folder goes entirely; for object storage and the other backends restic has no
 * "delete the repository" command, so every snapshot is forgotten and pruned (the repository's
 * config and key files stay, a few KB). Idempotent: a folder already gone is success.
 */
public final class DeleteDataRun {
  private final Restic restic;
  private final String url;

  public DeleteDataRun(Restic restic, String url) {
    this.restic = restic;
    this.url = url;
  }

  public JobReport run() throws Exception {
    Path local = localPath(url);
    if (local != null) {
      if (!Files.exists(local)) {
        return new JobReport(true, "repository folder " + local + " is already gone", null, null, null, null, null);
      }
      if (!Files.exists(local.resolve("config"))) {
        return JobReport.failure(local + " holds no restic repository (no config file): not deleting it");
      }
      try (Stream<Path> walk = Files.walk(local)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
      return new JobReport(true, "removed repository folder " + local, null, null, null, null, null);
    }
    try {
      List<String> ids = restic.snapshotIds();
      if (!ids.isEmpty()) {
        restic.forget(ids);
      }
      new ResticMaintenance(restic).prune(null);
      return new JobReport(true, "forgot and pruned " + ids.size() + " snapshot(s); the repository's config and keys"
          + " remain at " + url, null, null, null, null, null);
    } catch (ResticException e) {
      return JobReport.failure(e.getMessage());
    }
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
