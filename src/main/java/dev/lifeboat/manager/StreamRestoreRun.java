package dev.lifeboat.manager;

import dev.lifeboat.api.BackupSource;
import dev.lifeboat.api.BackupSummary;
import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.manager.StreamBackupRun.Pumped;
import dev.lifeboat.manager.sources.Consumer;
import dev.lifeboat.manager.sources.Producer;
import dev.lifeboat.manager.sources.Sources;
import dev.lifeboat.manager.sources.TidbStreams;
import java.io.IOException;
import java.util.Map;

/**
 * {@code backup-manager restore --source JSON}: {@code restic dump} streamed into the application
 * (pg_restore in one transaction, psql, OpenBao's snapshot-force, a restoreCommand, br). When the
 * dump fails half-way the consumer is killed before the end of its input, so a transaction is rolled
 * back and an upload fails instead of committing a truncated stream. {@code --abort=true} is the
 * cleanup after a failed restore: {@code br abort restore} for TiDB, stale restic locks for all.
 */
public final class StreamRestoreRun {
  private final Restic restic;
  private final Map<String, String> env;

  public StreamRestoreRun(Restic restic, Map<String, String> env) {
    this.restic = restic;
    this.env = env;
  }

  /** @param streamFile the stream's file in the snapshot (the backup's, whatever the target's name) */
  public JobReport restore(String snapshotId, BackupSource source, String streamFile) throws Exception {
    Consumer consumer;
    try {
      consumer = Sources.consumer(source, env);
    } catch (Producer.StartException e) {
      return JobReport.failure(e.getMessage());
    }
    long[] bytes = {0};
    String problem = feed(snapshotId, streamFile, consumer, bytes);
    if (problem != null) {
      return JobReport.failure(problem);
    }
    String note = consumer.successNote();
    return new JobReport(true, "restored " + source.kind() + " stream " + streamFile + " into "
        + source.target() + (note == null ? "" : "; " + note), snapshotId, true, null, null, restoredSummary(streamFile, bytes[0]));
  }

  /** The prune after a failed restore. */
  public JobReport abort(String snapshotId, BackupSource source, String streamFile) throws Exception {
    String cleaned;
    if (source.kind() == BackupSource.Kind.tidb) {
      String problem = feed(snapshotId, streamFile, new TidbStreams(source.tidb, env).onManifest(true),
          new long[1]);
      if (problem != null) {
        return JobReport.failure(problem);
      }
      cleaned = "br abort restore full cleaned up the failed restore";
    } else {
      cleaned = "nothing left to remove (" + switch (source.kind()) {
        case postgres -> "the restore ran in one transaction, rolled back when it failed";
        case openbao -> "OpenBao takes a snapshot whole or not at all";
        default -> "the restore command's own output is its business";
      } + ")";
    }
    try {
      restic.unlock();
    } catch (ResticException e) {
      return JobReport.failure(cleaned + ", but restic unlock failed: " + e.getMessage());
    }
    return new JobReport(true, cleaned + "; stale restic locks released", null, null, null, null, null);
  }

  /** {@code restic dump ID /FILE} into the consumer; null when both ends finished cleanly. */
  private String feed(String snapshotId, String file, Consumer consumer, long[] bytes)
      throws IOException, InterruptedException {
    Restic.Running dump;
    try {
      dump = restic.startDump(snapshotId, file);
    } catch (IOException e) {
      consumer.kill();
      return e.getMessage();
    }
    Pumped pumped = StreamBackupRun.pump(dump.stdout(), consumer.input());
    bytes[0] = pumped.bytes();
    if (pumped.end() == Pumped.End.RESTIC_GONE) {
      // The consumer stopped reading: its own exit says why (pg_restore's error).
      dump.kill();
      String why = consumer.finish();
      return why != null ? why : pumped.problem();
    }
    try {
      dump.waitForSuccess("restic dump failed");
    } catch (ResticException e) {
      consumer.kill(); // a cut stream must not be committed
      consumer.finish();
      return e.getMessage();
    } catch (DamagedRepositoryException e) {
      consumer.kill(); // the same before the Job fails at once: the consumer must not see a clean end of input
      consumer.finish();
      throw e;
    }
    if (pumped.end() == Pumped.End.SOURCE_FAILED) {
      consumer.kill();
      consumer.finish();
      return pumped.problem();
    }
    try {
      consumer.input().close();
    } catch (IOException e) {
      // the consumer ended already: finish() says how
    }
    return consumer.finish();
  }

  private static BackupSummary restoredSummary(String streamFile, long bytes) {
    BackupSummary summary = new BackupSummary();
    summary.totalFilesProcessed = 1L;
    summary.totalBytesProcessed = bytes;
    summary.streamFile = streamFile;
    return summary;
  }
}
