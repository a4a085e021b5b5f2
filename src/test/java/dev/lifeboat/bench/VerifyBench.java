package dev.lifeboat.bench;

import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.BackupStatus;
import dev.lifeboat.api.MaintenanceTask;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.RepositoryPhase;
import dev.lifeboat.cluster.KubeApiWriter;
import dev.lifeboat.engine.WatchController;
import dev.lifeboat.jobs.JobFactory;
import dev.lifeboat.jobs.JobReportCodec;
import dev.lifeboat.jobs.JobSettings;
import dev.lifeboat.jobs.SnapshotInventory;
import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.lifecycle.repository.SnapshotAudit;
import dev.lifeboat.lifecycle.repository.SnapshotClaim;
import dev.lifeboat.lifecycle.repository.SnapshotInfo;
import dev.lifeboat.sandbox.SandboxCluster;
import dev.lifeboat.sandbox.PodExecutor;
import dev.lifeboat.sandbox.SandboxApiServer;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A verify over N Backups and N snapshots (default 10,000): the controller's side, end to end in the
 * sandbox. The verify Job is simulated as the real one ends: it leaves the snapshot list of one
 * {@code restic snapshots --json} in the ConfigMap (the same encoder) and reports. 1% of the Backups'
 * snapshots are missing from the list, and 1% of the list is claimed by no Backup. Prints the time
 * from request to recorded outcome, the controller's API requests, the list's compressed size and
 * the in-process comparison time. Usage: VerifyBench [N] [M]: N Backups, M snapshots in the list (default N; 50,000
 * snapshots with 2,000 Backups: seeding a Backup costs the bench ~40 ms, the verify does not care which claim what).
 */
public final class VerifyBench {
  private VerifyBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int m = args.length > 1 ? Integer.parseInt(args[1]) : n;
    int missing = n / 100;
    List<String> ids = new ArrayList<>();
    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < Math.max(n, m) + missing; i++) { // as random as restic's own IDs: the list compresses as badly
      ids.add(HexFormat.of().formatHex(sha.digest(("snapshot " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }
    // Backups claim ids[0..n); the list holds ids[missing..m+missing): 1% of the Backups' gone, the rest unclaimed.
    List<SnapshotInfo> inventory = new ArrayList<>();
    for (int i = missing; i < m + missing; i++) {
      inventory.add(new SnapshotInfo(ids.get(i), "2026-11-" + String.format("%02d", 1 + i % 28) + "T02:00:00Z", "default",
          List.of("/data"), List.of("backup=backup-" + i, "pvc=data-" + (i % 50))));
    }
    List<SnapshotClaim> claims = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      claims.add(new SnapshotClaim("default", String.format("backup-%05d", i), ids.get(i), true, false));
    }
    for (int round = 0; round < 3; round++) { // warm up the JIT, then report the last
      long s = System.nanoTime();
      SnapshotAudit audit = SnapshotAudit.of(inventory, claims);
      long e = System.nanoTime();
      if (round == 2) {
        System.out.printf("in process: SnapshotAudit of %,d Backups against %,d snapshots: %.1f ms (%d missing, %d unclaimed)%n",
            n, m, (e - s) / 1e6, audit.missingTotal(), audit.unclaimed().size());
      }
    }
    List<String> parts = SnapshotInventory.encodeParts(inventory);
    System.out.printf("snapshot list in %d ConfigMap(s): %,d bytes (base64 of gzip JSON)%n", parts.size(),
        parts.stream().mapToInt(String::length).sum());

    try (SandboxApiServer server = SandboxApiServer.start(Files.createTempDirectory("verify-bench"), 0)) {
      KubernetesClient client = server.newClient();
      PodExecutor pods = new InstantPodExecutor(job -> {
        if (!"maintenance".equals(job.getMetadata().getLabels().get("lifeboat.dev/purpose"))) {
          return CompletableFuture.completedFuture(InstantPodExecutor.success(job));
        }
        // What the verify Job does after its one 'restic snapshots --json': leave the list, report.
        SnapshotInventory.write(client, client.resources(Repository.class).inNamespace("default").withName("repo").get(),
            job.getMetadata().getName(), inventory);
        return CompletableFuture.completedFuture(new PodExecutor.PodResult(0, JobReportCodec.encode(new JobReport(true,
            m + " snapshot(s) listed", null, null, null, null, null,
            new JobReport.MaintenanceSummary(null, null, m, 0, 0, null)))));
      });
      try (SandboxCluster runner = SandboxCluster.start(client, new dev.lifeboat.sandbox.SandboxPaths(
          java.nio.file.Files.createTempDirectory("lifeboat-bench-verify")), pods, Clock.systemUTC(), dev.lifeboat.sandbox.SandboxNodes.DEFAULT)) {
        seed(client, n, ids);
        RequestCounter counter = new RequestCounter();
        Config config = client.getConfiguration();
        KubernetesClient controllerClient = counter.client(config);
        try (WatchController controller = new WatchController(Kinds.reconcilers(), controllerClient, null,
            new KubeApiWriter(controllerClient, Clock.systemUTC()), new JobFactory(JobSettings.defaults()),
            Clock.systemUTC(), 2)) {
          controller.start();
          awaitReady(client);
          long readsBefore = counter.reads.get();
          long writesBefore = counter.writes();
          long eventsBefore = counter.events.get();
          Instant start = Instant.now();
          client.resources(Repository.class).inNamespace("default").withName("repo")
              .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\"lifeboat.dev/request-verify\":\"bench\"}}}");
          Repository done = awaitServed(client);
          Duration took = Duration.between(start, Instant.now());
          long marked = client.resources(Backup.class).inNamespace("default").list().getItems().stream()
              .filter(b -> b.getStatus() != null && b.getStatus().conditions.stream()
                  .anyMatch(c -> "SnapshotMissing".equals(c.getType()) && "True".equals(c.getStatus()))).count();
          System.out.printf("verify of %,d Backups / %,d snapshots, request to recorded outcome: %d ms%n", n, m,
              took.toMillis());
          System.out.printf("  outcome: %s%n", done.getStatus().find(MaintenanceTask.verify).message);
          System.out.printf("  Backups marked SnapshotMissing: %d%n", marked);
          System.out.printf("  controller requests: %d reads, %d writes (%d of them Events); restic processes: 1 (the Job's)%n",
              counter.reads.get() - readsBefore, counter.writes() - writesBefore, counter.events.get() - eventsBefore);
        }
      }
    }
  }

  /** A Ready repository and N Ready Backups claiming ids[0..n), 8 at a time. */
  private static void seed(KubernetesClient client, int n, List<String> ids) throws Exception {
    long s = System.nanoTime();
    Objects.repository(client, "default", "repo", "local:/tmp/none", "pw");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int i = 0; i < n; i++) {
      int index = i;
      pool.execute(() -> {
        Backup b = Objects.backup(client, "default", String.format("backup-%05d", index), "repo", "data");
        BackupStatus status = new BackupStatus();
        status.phase = BackupPhase.Ready;
        status.snapshotId = ids.get(index);
        status.startTime = "2026-11-01T02:00:00Z";
        status.completionTime = "2026-11-01T02:01:00Z";
        b.setStatus(status);
        client.resources(Backup.class).inNamespace("default").resource(b).updateStatus();
      });
    }
    pool.shutdown();
    pool.awaitTermination(60, TimeUnit.MINUTES);
    System.out.printf("seeded %,d Ready Backups in %.0f s%n", n, (System.nanoTime() - s) / 1e9);
  }

  private static void awaitReady(KubernetesClient client) throws InterruptedException {
    for (int i = 0; i < 6000; i++) {
      Repository r = client.resources(Repository.class).inNamespace("default").withName("repo").get();
      if (r.getStatus() != null && r.getStatus().phase == RepositoryPhase.Ready) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the repository never became Ready");
  }

  private static Repository awaitServed(KubernetesClient client) throws InterruptedException {
    for (int i = 0; i < 36_000; i++) {
      Repository r = client.resources(Repository.class).inNamespace("default").withName("repo").get();
      var entry = r.getStatus() == null ? null : r.getStatus().find(MaintenanceTask.verify);
      if (entry != null && "bench".equals(entry.lastRequest)) {
        return r;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the verify never ended");
  }
}
