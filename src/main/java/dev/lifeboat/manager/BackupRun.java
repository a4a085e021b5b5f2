package dev.lifeboat.manager;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupProgress;
import dev.lifeboat.api.Repository;
import dev.lifeboat.lifecycle.JobReport;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code backup-manager backup}: the whole run in one process. Open the repository (init when
 * allowed), release stale locks, back up the mounted claim with restic, confirm the new snapshot
 * by its full ID, and report: progress into the Backup's status, the result into the termination
 * message.
 */
public final class BackupRun {
  private final KubernetesClient client;
  private final Restic restic;
  private final Clock clock;

  public BackupRun(KubernetesClient client, Restic restic, Clock clock) {
    this.client = client;
    this.restic = restic;
    this.clock = clock;
  }

  /** Returns the report; {@code ok == false} means the Job should fail. */
  public JobReport run(String namespace, String name, Path path) throws Exception {
    Backup backup = client.resources(Backup.class).inNamespace(namespace).withName(name).get();
    if (backup == null) {
      return JobReport.failure("Backup " + namespace + "/" + name + " not found");
    }
    Repository repository = client.resources(Repository.class).inNamespace(namespace)
        .withName(backup.getSpec().repository).get();
    if (repository == null) {
      return JobReport.failure("Repository " + backup.getSpec().repository + " not found");
    }
    if (!Files.isDirectory(path)) {
      return JobReport.failure("source path " + path + " is not a directory (is the PVC mounted?)");
    }
    try {
      RepositoryAccess.open(restic, repository.getSpec().initOrDefault(), repository.getMetadata().getName(), true);
      List<String> tags = new ArrayList<>(List.of("backup=" + name, "pvc=" + backup.getSpec().source.pvc));
      tags.addAll(backup.getSpec().tags);
      StatusReporter reporter = new StatusReporter(client, namespace, name, clock);
      ResticOutput.Summary[] summary = {null};
      int exit = restic.backup(path, namespace, tags, line -> {
        ResticOutput.BackupLine parsed = ResticOutput.parseBackupLine(line);
        if (parsed instanceof ResticOutput.Status status) {
          reporter.progress(status.progress());
        } else if (parsed instanceof ResticOutput.Summary s) {
          summary[0] = s;
          System.out.println(line);
        }
      });
      if (summary[0] == null || summary[0].snapshotId() == null) {
        return JobReport.failure("restic backup ended without a summary line: no snapshot was made");
      }
      String fullId = confirm(summary[0].snapshotId());
      BackupProgress done = new BackupProgress();
      done.percentDone = 1.0;
      done.bytesDone = summary[0].summary().totalBytesProcessed;
      done.totalBytes = summary[0].summary().totalBytesProcessed;
      done.filesDone = summary[0].summary().totalFilesProcessed;
      done.totalFiles = summary[0].summary().totalFilesProcessed;
      reporter.result(fullId, summary[0].summary(), done);
      boolean incomplete = exit == Restic.EXIT_INCOMPLETE;
      String message = incomplete ? "snapshot made, but some files could not be read" : "snapshot made";
      return new JobReport(true, message, fullId, true, incomplete ? Boolean.TRUE : null, null, summary[0].summary());
    } catch (ResticException e) {
      return JobReport.failure(e.getMessage());
    }
  }

  /** Looks the new snapshot up by its short ID: proves it is in the repository, and gives the full ID. */
  private String confirm(String shortId) throws Exception {
    List<String> ids = ResticOutput.snapshotIds(restic.snapshotsJson(List.of(shortId)));
    if (ids.size() != 1) {
      throw new ResticException("snapshot " + shortId + " not found in the repository right after the backup", 1);
    }
    return ids.get(0);
  }
}
