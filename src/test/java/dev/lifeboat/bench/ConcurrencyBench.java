package dev.lifeboat.bench;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.RepositoryPhase;
import dev.lifeboat.cluster.KubeApiWriter;
import dev.lifeboat.engine.WatchController;
import dev.lifeboat.jobs.JobFactory;
import dev.lifeboat.jobs.JobSettings;
import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.sandbox.PodExecutor;
import dev.lifeboat.sandbox.SandboxApiServer;
import dev.lifeboat.sandbox.SandboxCluster;
import dev.lifeboat.sandbox.SandboxNodes;
import dev.lifeboat.sandbox.SandboxPaths;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N Backups due at once (N claims, as a Schedule's selector makes them) under an install-wide limit, and a second
 * Repository with a limit of its own: the sandbox's API server and Job runner, the controller, backup pods that take
 * {@code podMillis} each (no restic: the limits are the engine's). Prints the peak concurrency (install-wide and of
 * the limited Repository), the time from creation to all Ready, and fairness: how many pairs of Backups started in
 * another order than they queued, and the longest wait. Usage: ConcurrencyBench [N] [LIMIT] [POD_MILLIS]
 */
public final class ConcurrencyBench {
  private ConcurrencyBench() {}

  /** What a run measured. */
  public record Result(int peak, int peakOfLimitedRepository, Duration toAllReady, int ready, long outOfOrder,
      Duration longestWait, Set<String> waitingMessages) {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int limit = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int podMillis = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    Result r = run(Files.createTempDirectory("concurrency-bench"), n, limit, 0, 0, podMillis, Duration.ofMinutes(30));
    System.out.printf("%d Backups due at once, install-wide limit %d, each backup pod %d ms:%n", n, limit, podMillis);
    System.out.printf("  peak concurrent backup Jobs: %d%n", r.peak());
    System.out.printf("  time from creation to all %d Ready: %.1f s (ideal at this limit: %.1f s)%n", r.ready(),
        r.toAllReady().toMillis() / 1000.0, Math.ceil((double) n / limit) * podMillis / 1000.0);
    System.out.printf("  fairness: at most %d place(s) ahead of its place in the queue; longest wait %.1f s%n",
        r.outOfOrder(), r.longestWait().toMillis() / 1000.0);
    System.out.printf("  e.g. \"%s\"%n", r.waitingMessages().stream().findFirst().orElse("-"));
    System.exit(0);
  }

  /**
   * @param limitedBackups Backups of a second Repository whose own maxConcurrentJobs is {@code repositoryLimit}
   */
  public static Result run(Path dir, int n, int limit, int limitedBackups, int repositoryLimit, int podMillis,
      Duration deadline) throws Exception {
    AtomicInteger current = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    AtomicInteger currentLimited = new AtomicInteger();
    AtomicInteger peakLimited = new AtomicInteger();
    // The limited Repository's pods run long enough that its next Backup always meets its limit while they run
    // (with pods as short as the others, a loaded machine may start them too far apart to ever be held).
    int limitedPodMillis = Math.max(podMillis, 2000);
    PodExecutor pods = new InstantPodExecutor(job -> {
      if (!"backup".equals(job.getMetadata().getLabels().get(Labels.PURPOSE))) {
        return CompletableFuture.completedFuture(InstantPodExecutor.success(job));
      }
      boolean limited = "limited".equals(job.getMetadata().getLabels().get(Labels.REPOSITORY));
      peak.accumulateAndGet(current.incrementAndGet(), Math::max);
      if (limited) {
        peakLimited.accumulateAndGet(currentLimited.incrementAndGet(), Math::max);
      }
      return CompletableFuture.supplyAsync(() -> {
        current.decrementAndGet();
        if (limited) {
          currentLimited.decrementAndGet();
        }
        return InstantPodExecutor.success(job);
      }, CompletableFuture.delayedExecutor(limited ? limitedPodMillis : podMillis, TimeUnit.MILLISECONDS));
    });
    try (SandboxApiServer server = SandboxApiServer.start(dir.resolve("api"), 0);
        KubernetesClient client = server.newClient();
        SandboxCluster runner = SandboxCluster.start(client, new SandboxPaths(Files.createDirectories(dir.resolve("pods"))),
            pods, Clock.systemUTC(), SandboxNodes.DEFAULT);
        WatchController controller = new WatchController(Kinds.reconcilers(), client, null,
            new KubeApiWriter(client, Clock.systemUTC()),
            new JobFactory(JobSettings.defaults().withMaxConcurrentJobs(limit)), Clock.systemUTC(), 4)) {
      Objects.repository(client, "default", "repo", "local:/tmp/none", "pw");
      if (limitedBackups > 0) {
        Repository limited = Objects.repository(client, "default", "limited", "local:/tmp/none-2", "pw");
        limited.getSpec().maxConcurrentJobs = repositoryLimit;
        client.resources(Repository.class).inNamespace("default").resource(limited).update();
      }
      for (int i = 0; i < n + limitedBackups; i++) {
        Objects.boundPvc(client, "default", String.format("data-%04d", i));
      }
      // Every status a Backup goes through, from a watch: a poll of the list would miss a message held briefly.
      Set<String> messages = ConcurrentHashMap.newKeySet();
      Watch watch = client.resources(Backup.class).inNamespace("default").watch(new Watcher<>() {
        @Override
        public void eventReceived(Action action, Backup b) {
          if (b.getStatus() != null && b.getStatus().message != null && b.getStatus().message.contains("slot")) {
            messages.add(b.getStatus().message);
          }
        }

        @Override
        public void onClose(WatcherException cause) {}
      });
      controller.start();
      awaitRepositories(client, limitedBackups > 0 ? 2 : 1, deadline);
      Instant start = Instant.now();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      for (int i = 0; i < n + limitedBackups; i++) {
        int index = i;
        pool.execute(() -> Objects.backup(client, "default", String.format("b-%04d", index), index < n ? "repo" : "limited",
            String.format("data-%04d", index)));
      }
      pool.shutdown();
      pool.awaitTermination(10, TimeUnit.MINUTES);
      List<Backup> backups;
      Instant end = start.plus(deadline);
      while (true) {
        backups = client.resources(Backup.class).inNamespace("default").list().getItems();
        long ready = backups.stream().filter(b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Ready).count();
        if (ready == n + limitedBackups || Instant.now().isAfter(end)) {
          break;
        }
        Thread.sleep(100); // polling the outcome, not synchronising on it: the deadline ends the wait
      }
      Duration took = Duration.between(start, Instant.now());
      watch.close();
      int ready = (int) backups.stream().filter(b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Ready).count();
      return new Result(peak.get(), peakLimited.get(), took, ready, inversions(backups), longestWait(backups), messages);
    }
  }

  /**
   * How far out of queue order any Backup started: its place among its Repository's Backups by start time minus its
   * place by queuedSince (the one not queued first). Slots free a few at a time and waiting Backups look again within a
   * second, so a Backup may start up to about the limit places early; more would be unfair.
   */
  static long inversions(List<Backup> backups) {
    long worst = 0;
    for (String repository : backups.stream().map(b -> b.getSpec().repository).distinct().toList()) {
      List<Backup> mine = backups.stream().filter(b -> repository.equals(b.getSpec().repository)
          && b.getStatus() != null && b.getStatus().startTime != null).toList();
      java.util.function.Function<Backup, Instant> queuedAt = b -> b.getStatus().queuedSince == null
          ? Instant.parse(b.getMetadata().getCreationTimestamp()).minusSeconds(3600) : Instant.parse(b.getStatus().queuedSince);
      List<Backup> byQueue = mine.stream().sorted(java.util.Comparator.comparing(queuedAt)).toList();
      List<Backup> byStart = mine.stream().sorted(java.util.Comparator.comparing((Backup b) -> Instant.parse(b.getStatus().startTime))).toList();
      for (int i = 0; i < byStart.size(); i++) {
        worst = Math.max(worst, byQueue.indexOf(byStart.get(i)) - i);
      }
    }
    return worst;
  }

  static Duration longestWait(List<Backup> backups) {
    return backups.stream().filter(b -> b.getStatus() != null && b.getStatus().startTime != null)
        .map(b -> Duration.between(Instant.parse(b.getMetadata().getCreationTimestamp()), Instant.parse(b.getStatus().startTime)))
        .max(Duration::compareTo).orElse(Duration.ZERO);
  }

  private static void awaitRepositories(KubernetesClient client, int count, Duration deadline) throws InterruptedException {
    Instant end = Instant.now().plus(deadline);
    while (Instant.now().isBefore(end)) {
      long ready = client.resources(Repository.class).inNamespace("default").list().getItems().stream()
          .filter(r -> r.getStatus() != null && r.getStatus().phase == RepositoryPhase.Ready).count();
      if (ready == count) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the repositories never became Ready");
  }

}
