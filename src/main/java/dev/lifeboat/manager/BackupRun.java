package dev.lifeboat.manager;

import dev.lifeboat.lifecycle.JobReport;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.Consumer;

/**
 * {@code backup-manager backup}: the whole run in one process, as cheap as the restic version
 * allows. Everything it needs comes from its Job's arguments (no API read), the repository is
 * opened once in the common case (each restic command derives the key again, ~0.5 s), and the API
 * client is built only if the backup runs long enough to report progress:
 * <ul>
 *   <li>no probe: the controller starts a backup only once its Repository is Ready (initialised);</li>
 *   <li>stale locks are removed, and the backup retried once, only when restic reports a lock;</li>
 *   <li>the snapshot's full ID comes from restic's summary, and only restic 0.14 (short IDs there)
 *       costs one more command to look it up;</li>
 *   <li>the result goes to the termination message, which the controller reads and records.</li>
 * </ul>
 */
public final class BackupRun {
  private final Supplier<KubernetesClient> client;
  private final Restic restic;
  private final Clock clock;

  /** What to back up, from the Job's arguments. */
  /** @param time the instant the data is of (a point-in-time copy's), restic's snapshot time; null: now */
  public record Request(String namespace, String name, Path path, List<String> tags, java.time.Instant time) {}

  /** @param client built on first use only (progress of a long backup) */
  public BackupRun(Supplier<KubernetesClient> client, Restic restic, Clock clock) {
    this.client = client;
    this.restic = restic;
    this.clock = clock;
  }

  /** Returns the report; {@code ok == false} means the Job should fail. */
  public JobReport run(Request request) throws Exception {
    if (!Files.isDirectory(request.path())) {
      return JobReport.failure("source path " + request.path() + " is not a directory (is the PVC mounted?)");
    }
    try {
      StatusReporter reporter = new StatusReporter(client, request.namespace(), request.name(), clock);
      ResticOutput.Summary[] summary = {null};
      Restic.BackupResult result = restic.backup(request.path(), request.namespace(), request.tags(), request.time(),
          lines(reporter, summary));
      if (summary[0] == null || summary[0].snapshotId() == null) {
        return JobReport.failure("restic backup ended without a summary line: no snapshot was made");
      }
      // restic prints the summary only after it wrote the snapshot. Newer restic gives the full ID there;
      // 0.14 only the short one, so it alone costs one more repository open to learn the full ID.
      String id = summary[0].snapshotId();
      String fullId = restic.fullSnapshotId(id);
      boolean incomplete = result.exitCode() == Restic.EXIT_INCOMPLETE;
      String message = incomplete ? "snapshot made, but " + Math.max(1, result.unreadable().count())
          + " file(s) or folder(s) could not be read" : "snapshot made";
      if (incomplete) {
        summary[0].summary().unreadable = Math.max(1, result.unreadable().count());
        summary[0].summary().unreadablePaths = result.unreadable().first().isEmpty() ? null : result.unreadable().first();
      }
      return new JobReport(true, message, fullId, true, incomplete ? Boolean.TRUE : null, null, summary[0].summary());
    } catch (ResticException e) {
      return JobReport.failure(e.getMessage());
    }
  }

  /**
   * What to do with each line of {@code restic backup --json}: progress to the reporter, the summary
   * kept (and logged). Shared by file and stream backups.
   */
  static Consumer<String> lines(StatusReporter reporter, ResticOutput.Summary[] summary) {
    return line -> {
      ResticOutput.BackupLine parsed = ResticOutput.parseBackupLine(line);
      if (parsed instanceof ResticOutput.Status status) {
        reporter.progress(status.progress());
      } else if (parsed instanceof ResticOutput.Summary s) {
        summary[0] = s;
        System.out.println(line);
      }
    };
  }

}
