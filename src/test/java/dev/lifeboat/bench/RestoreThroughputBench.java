package dev.lifeboat.bench;

import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.api.Restore;
import dev.lifeboat.api.RestorePhase;
import dev.lifeboat.cluster.KubeApiWriter;
import dev.lifeboat.engine.WatchController;
import dev.lifeboat.jobs.JobFactory;
import dev.lifeboat.jobs.JobSettings;
import dev.lifeboat.sandbox.SandboxCluster;
import dev.lifeboat.sandbox.SandboxApiServer;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
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
 * Restores through the watch loop: N Restores at once, each into its own PVC with one Deployment
 * to stop and start, Jobs that succeed instantly, the sandbox playing the workload controllers.
 * Prints seconds until all are Completed and the controller's requests per restore.
 *
 * <p>Usage: RestoreThroughputBench N [runs] [workers]
 */
public final class RestoreThroughputBench {
  private RestoreThroughputBench() {}

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int workers = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    java.util.logging.LogManager.getLogManager().reset();
    List<double[]> results = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      double[] r = once(n, workers);
      results.add(r);
      System.out.printf(Locale.ROOT, "run %d: %d restores Completed in %.1fs (%.1f/s); controller per restore: %.2f reads,"
          + " %.2f writes (%.2f creates, %.2f updates, %.2f patches/deletes, %.2f Events)%n",
          run, n, r[0], n / r[0], r[1], r[2], r[3], r[4], r[5], r[6]);
    }
    results.sort((a, b) -> Double.compare(a[0], b[0]));
    double[] median = results.get(results.size() / 2);
    System.out.printf(Locale.ROOT, "MEDIAN of %d: %d restores in %.1fs = %.1f restores/s; %.2f reads + %.2f writes per restore%n",
        runs, n, median[0], n / median[0], median[1], median[2]);
  }

  /** [seconds, reads, writes, creates, updates, other writes, events] per restore. */
  static double[] once(int n, int workers) throws Exception {
    Path dir = Files.createTempDirectory("lifeboat-bench-restore");
    try (SandboxApiServer server = SandboxApiServer.start(dir, 0); KubernetesClient setup = server.newClient()) {
      SandboxCluster runner = SandboxCluster.start(server.newClient(), new dev.lifeboat.sandbox.SandboxPaths(dir), InstantPodExecutor.succeeding(), Clock.systemUTC(), dev.lifeboat.sandbox.SandboxNodes.DEFAULT);
      RequestCounter counter = new RequestCounter();
      KubernetesClient controllerClient = counter.client(server.config());
      WatchController controller = new WatchController(Kinds.reconcilers(), controllerClient, null,
          new KubeApiWriter(controllerClient, Clock.systemUTC()), new JobFactory(JobSettings.defaults()),
          Clock.systemUTC(), workers);
      controller.start();
      Objects.boundPvc(setup, "bench", "src");
      Objects.repository(setup, "bench", "repo", "local:/tmp/bench", "pw");
      Objects.backup(setup, "bench", "bk", "repo", "src");
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<java.util.concurrent.Future<?>> prep = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        prep.add(pool.submit(() -> {
          Objects.boundPvc(setup, "bench", "t-" + index);
          Objects.deployment(setup, "bench", "app-" + index, 1);
        }));
      }
      for (var f : prep) {
        f.get();
      }
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!"Ready".equals(Objects.phase(setup, "bench", "bk")) && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      counter.byKind.clear();
      long[] before = {counter.reads.get(), counter.writes(), counter.creates.get(), counter.updates.get(),
          counter.otherWrites.get(), counter.events.get()};
      PhaseLatch<Restore> all = new PhaseLatch<>(setup, Restore.class, "bench", n,
          r -> r.getStatus() != null && r.getStatus().phase == RestorePhase.Completed);
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        int index = i;
        pool.execute(() -> Objects.restore(setup, "bench", "r-" + index, "bk", "t-" + index, s -> {
          s.stopApplications.workloads = new ArrayList<>(List.of("deployment/app-" + index));
        }));
      }
      pool.shutdown();
      all.await(30, "of " + n + " Completed");
      double seconds = (System.nanoTime() - start) / 1e9;
      double[] per = {seconds, (counter.reads.get() - before[0]) / (double) n, (counter.writes() - before[1]) / (double) n,
          (counter.creates.get() - before[2]) / (double) n, (counter.updates.get() - before[3]) / (double) n,
          (counter.otherWrites.get() - before[4]) / (double) n, (counter.events.get() - before[5]) / (double) n};
      System.out.print("controller requests per restore, by kind:\n" + counter.breakdown(n));
      all.close();
      controller.close();
      runner.close();
      controllerClient.close();
      return per;
    }
  }
}
