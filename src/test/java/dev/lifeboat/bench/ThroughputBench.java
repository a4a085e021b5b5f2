package dev.lifeboat.bench;

import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.cluster.KubeApiWriter;
import dev.lifeboat.engine.WatchController;
import dev.lifeboat.jobs.JobFactory;
import dev.lifeboat.jobs.JobSettings;
import dev.lifeboat.sandbox.SandboxCluster;
import dev.lifeboat.sandbox.SandboxApiServer;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Watch-loop throughput on the sandbox's API server: N Backups created at once, Jobs that succeed
 * instantly (the sandbox's Job runner with an instant pod), time until every Backup is Ready, the
 * controller's own requests per backup, and the API server's raw write rate measured in the same
 * process for comparison.
 *
 * <p>Usage: ThroughputBench N [runs] [workers]
 */
public final class ThroughputBench {
  private ThroughputBench() {}

  record Result(int backups, double seconds, double readsPerBackup, double writesPerBackup, double jobCreates,
      double statusWrites, double eventWrites, double watches, double serverWritesPerBackup, double serverReadsPerBackup) {}

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int workers = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    java.util.logging.LogManager.getLogManager().reset();
    List<Double> rawRates = new ArrayList<>();
    List<Result> results = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      rawRates.add(rawWriteRate(Math.min(n, 2000)));
      Result r = once(n, workers);
      results.add(r);
      System.out.printf(Locale.ROOT, "run %d: %d backups Ready in %.1fs (%.0f/s); per backup: %.2f reads, %.2f writes"
          + " (%.2f Job creates, %.2f status, %.2f Events), %.0f watch requests in all; server saw %.2f writes + %.2f reads"
          + " per backup from everyone (bench, Job runner, controller); raw API writes %.0f/s%n",
          run, n, r.seconds, n / r.seconds, r.readsPerBackup, r.writesPerBackup, r.jobCreates, r.statusWrites,
          r.eventWrites, r.watches, r.serverWritesPerBackup, r.serverReadsPerBackup, rawRates.get(rawRates.size() - 1));
    }
    double seconds = median(results.stream().map(Result::seconds).toList());
    double writesPerBackup = median(results.stream().map(Result::writesPerBackup).toList());
    double raw = median(rawRates);
    double rate = n / seconds;
    double ceiling = raw / writesPerBackup;
    double serverWrites = median(results.stream().map(Result::serverWritesPerBackup).toList());
    System.out.printf(Locale.ROOT, "MEDIAN of %d: %d backups in %.1fs = %.0f backups/s; controller %.2f reads + %.2f writes"
        + " per backup; raw server %.0f writes/s -> ceiling %.0f backups/s at the controller's writes (ratio %.2f),"
        + " %.0f backups/s at all %.1f server writes per backup (ratio %.2f)%n",
        runs, n, seconds, rate, median(results.stream().map(Result::readsPerBackup).toList()), writesPerBackup, raw,
        ceiling, rate / ceiling, raw / serverWrites, serverWrites, rate / (raw / serverWrites));
  }

  static Result once(int n, int workers) throws Exception {
    Path dir = Files.createTempDirectory("lifeboat-bench");
    try (SandboxApiServer server = SandboxApiServer.start(dir, 0);
         KubernetesClient setup = server.newClient()) {
      SandboxCluster runner = SandboxCluster.start(server.newClient(), new dev.lifeboat.sandbox.SandboxPaths(dir), InstantPodExecutor.succeeding(), Clock.systemUTC(), dev.lifeboat.sandbox.SandboxNodes.DEFAULT);
      RequestCounter counter = new RequestCounter();
      KubernetesClient controllerClient = counter.client(server.config());
      WatchController controller = new WatchController(Kinds.reconcilers(), controllerClient, null,
          new KubeApiWriter(controllerClient, Clock.systemUTC()),
          new JobFactory(JobSettings.defaults()), Clock.systemUTC(), workers);
      controller.start();
      Objects.boundPvc(setup, "bench", "data");
      Objects.repository(setup, "bench", "repo", "local:/tmp/bench", "pw");
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!"Ready".equals(Objects.repositoryPhase(setup, "bench", "repo")) && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      long reads0 = counter.reads.get();
      long creates0 = counter.creates.get();
      long updates0 = counter.updates.get();
      long events0 = counter.events.get();
      long writes0 = counter.writes();
      long[] server0 = server.requestCounts();

      PhaseLatch<Backup> allReady = new PhaseLatch<>(setup, Backup.class, "bench", n,
          b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Ready);
      long start = System.nanoTime();
      createBackups(setup, n);
      allReady.await(30, "of " + n + " Ready");
      double seconds = (System.nanoTime() - start) / 1e9;
      long[] server1 = server.requestCounts();
      allReady.close();
      controller.close();
      runner.close();
      controllerClient.close();
      return new Result(n, seconds, (counter.reads.get() - reads0) / (double) n, (counter.writes() - writes0) / (double) n,
          (counter.creates.get() - creates0) / (double) n, (counter.updates.get() - updates0) / (double) n,
          (counter.events.get() - events0) / (double) n, counter.watches.get(),
          (server1[1] - server0[1]) / (double) n, (server1[0] - server0[0]) / (double) n);
    }
  }

  /** Starts creating Backups b-0 … b-(n-1) of claim "data" in "bench", 8 at a time, and returns at once. */
  static void createBackups(KubernetesClient setup, int n) {
    ExecutorService creators = Executors.newFixedThreadPool(8);
    for (int i = 0; i < n; i++) {
      int index = i;
      creators.execute(() -> Objects.backup(setup, "bench", "b-" + index, "repo", "data"));
    }
    creators.shutdown();
  }

  /** The server's own rate for plain writes from one client with 8 threads: creates, then status-like updates. */
  static double rawWriteRate(int count) throws Exception {
    Path dir = Files.createTempDirectory("lifeboat-bench-raw");
    try (SandboxApiServer server = SandboxApiServer.start(dir, 0); KubernetesClient client = server.newClient()) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      long start = System.nanoTime();
      List<java.util.concurrent.Future<ConfigMap>> created = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        created.add(pool.submit(() -> client.configMaps().inNamespace("raw").resource(new ConfigMapBuilder()
            .withNewMetadata().withName("cm-" + index).endMetadata().addToData("k", "v").build()).create()));
      }
      List<ConfigMap> maps = new ArrayList<>();
      for (var f : created) {
        maps.add(f.get());
      }
      List<java.util.concurrent.Future<?>> updated = new ArrayList<>();
      for (ConfigMap cm : maps) {
        updated.add(pool.submit(() -> {
          cm.getData().put("k", "v2");
          return client.configMaps().inNamespace("raw").resource(cm).update();
        }));
      }
      for (var f : updated) {
        f.get();
      }
      pool.shutdown();
      return 2.0 * count / ((System.nanoTime() - start) / 1e9);
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int m = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(m) : (sorted.get(m - 1) + sorted.get(m)) / 2;
  }
}
