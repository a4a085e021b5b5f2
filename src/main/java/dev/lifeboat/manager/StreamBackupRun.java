package dev.lifeboat.manager;

import dev.lifeboat.api.BackupSource;
import dev.lifeboat.api.BackupSummary;
import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.manager.sources.Producer;
import dev.lifeboat.manager.sources.Sources;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.function.Consumer;

/**
 * {@code backup-manager backup --source JSON}: an application's stream straight into {@code restic
 * backup --stdin}, never a copy on disk. restic commits the snapshot only at the end of its input,
 * so the producer's outcome is known first: a producer that failed (pg_dump's connection cut, a
 * command's non-zero exit) gets restic killed before the end of input, and no snapshot is made from
 * its partial stream. (restic itself cannot see the producer's exit code.)
 */
public final class StreamBackupRun {
  private final Supplier<KubernetesClient> client;
  private final Restic restic;
  private final Clock clock;
  private final Map<String, String> env;

  public StreamBackupRun(Supplier<KubernetesClient> client, Restic restic, Clock clock, Map<String, String> env) {
    this.client = client;
    this.restic = restic;
    this.clock = clock;
    this.env = env;
  }

  public JobReport run(String namespace, String name, BackupSource source, List<String> tags) throws Exception {
    Producer producer;
    try {
      producer = Sources.producer(source, namespace, name, env);
    } catch (Producer.StartException e) {
      return JobReport.failure(e.getMessage());
    }
    Restic.Running backup = restic.startStdinBackup(source.streamFile(), namespace, tags);
    StatusReporter reporter = new StatusReporter(client, namespace, name, clock);
    ResticOutput.Summary[] summary = {null};
    CompletableFuture<Void> lines = CompletableFuture.runAsync(() -> readLines(backup.stdout(), reporter, summary));
    Pumped pumped = pump(producer.output(), backup.stdin());
    // The producer's outcome decides before restic sees the end of its input.
    String producerProblem = switch (pumped.end()) {
      // An empty stream is a mistake (a command that prints nothing), never a backup.
      case SOURCE_END -> {
        String finished = producer.finish();
        yield finished != null ? finished : pumped.bytes() == 0 ? "the " + source.kind() + " source wrote nothing to back up"
            : null;
      }
      case SOURCE_FAILED -> pumped.problem();
      case RESTIC_GONE -> null; // restic's exit says why
    };
    if (producerProblem != null) {
      backup.kill(); // before the end of its input: restic writes no snapshot
      producer.kill();
      lines.join();
      try {
        backup.waitForBackup();
      } catch (ResticException ignored) {
        // killed on purpose
      }
      unlockQuietly();
      return JobReport.failure(producerProblem + "; no snapshot was made");
    }
    if (pumped.end() == Pumped.End.RESTIC_GONE) {
      producer.kill();
    }
    try {
      backup.stdin().close();
    } catch (IOException e) {
      // restic already ended: its exit code says why
    }
    try {
      backup.waitForBackup();
    } catch (ResticException e) {
      return JobReport.failure(e.getMessage());
    } finally {
      lines.join();
    }
    if (pumped.end() == Pumped.End.RESTIC_GONE) {
      return JobReport.failure(pumped.problem());
    }
    if (summary[0] == null || summary[0].snapshotId() == null) {
      return JobReport.failure("restic backup ended without a summary line: no snapshot was made");
    }
    String id = summary[0].snapshotId();
    String fullId = restic.fullSnapshotId(id);
    BackupSummary captured = summary[0].summary();
    if (captured == null) {
      captured = new BackupSummary();
    }
    captured.streamFile = source.streamFile();
    captured.tables = producer.details().get("tables");
    captured.raftIndex = producer.details().get("raftIndex");
    return new JobReport(true, "snapshot made of " + source.kind() + " stream " + source.streamFile(), fullId, true,
        null, null, captured);
  }

  /** How copying a stream ended. */
  record Pumped(End end, String problem, long bytes) {
    enum End { SOURCE_END, SOURCE_FAILED, RESTIC_GONE }
  }

  /** Copies the producer's bytes into the consumer until the producer's end, a failed read, or a failed write. */
  static Pumped pump(InputStream from, OutputStream to) {
    byte[] buffer = new byte[1 << 16];
    long bytes = 0;
    while (true) {
      int n;
      try {
        n = from.read(buffer);
      } catch (IOException e) {
        return new Pumped(Pumped.End.SOURCE_FAILED, "reading the stream failed: " + e.getMessage(), bytes);
      }
      if (n < 0) {
        return new Pumped(Pumped.End.SOURCE_END, null, bytes);
      }
      try {
        to.write(buffer, 0, n);
      } catch (IOException e) {
        return new Pumped(Pumped.End.RESTIC_GONE, "the reading end stopped taking the stream (" + e.getMessage() + ")",
            bytes);
      }
      bytes += n;
    }
  }

  private static void readLines(InputStream stdout, StatusReporter reporter, ResticOutput.Summary[] summary) {
    Consumer<String> lines = BackupRun.lines(reporter, summary);
    try (BufferedReader out = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.accept(line);
      }
    } catch (IOException ignored) {
      // restic ended
    }
  }


  private void unlockQuietly() {
    try {
      restic.unlock(); // the killed restic left its lock; the next run would otherwise wait for it
    } catch (Exception e) {
      System.err.println("lifeboat: restic unlock after the failed stream failed: " + e.getMessage());
    }
  }

}
