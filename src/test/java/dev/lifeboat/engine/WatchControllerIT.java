package dev.lifeboat.engine;

import dev.lifeboat.kinds.Kinds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.sandbox.PodExecutor.PodResult;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watch loop on the embedded API server, with Jobs whose outcome the test decides. */
class WatchControllerIT {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  @TempDir
  Path tmp;

  @Test
  void backupGoesFromNothingToReadyWithOneJob() throws Exception {
    try (Harness h = new Harness(tmp, InstantPodExecutor.succeeding())) {
      h.controller(h.writer(h.newClient()), h.newClient(), 2).start();
      Objects.boundPvc(h.client, "ns1", "data");
      Objects.repository(h.client, "ns1", "repo", "local:/tmp/none", "pw");
      Objects.backup(h.client, "ns1", "b1", "repo", "data");
      Eventually.await(DEADLINE, "backup Ready", () -> "Ready".equals(Objects.phase(h.client, "ns1", "b1")));
      Backup b = h.client.resources(Backup.class).inNamespace("ns1").withName("b1").get();
      assertEquals(64, b.getStatus().snapshotId.length());
      assertNotNull(b.getStatus().startTime);
      assertNotNull(b.getStatus().completionTime);
      assertEquals(1L, h.client.batch().v1().jobs().inNamespace("ns1").withLabel("lifeboat.dev/purpose", "backup")
          .list().getItems().size());
      assertTrue(h.client.v1().events().inNamespace("ns1").list().getItems().stream()
          .anyMatch(e -> "b1".equals(e.getInvolvedObject().getName()) && "Ready".equals(e.getReason())));
      var finalizers = h.client.persistentVolumeClaims().inNamespace("ns1").withName("data").get().getMetadata().getFinalizers();
      assertTrue(finalizers == null || finalizers.isEmpty(), "nothing of lifeboat's left on the claim: " + finalizers);
    }
  }

  @Test
  void backupWaitsInPendingUntilItsRepositoryExistsAndIsReady() throws Exception {
    try (Harness h = new Harness(tmp, InstantPodExecutor.succeeding())) {
      h.controller(h.writer(h.newClient()), h.newClient(), 2).start();
      Objects.boundPvc(h.client, "ns1", "data");
      // The repository exists, but its init Job has not been looked at: the backup waits, it does not fail.
      Objects.repository(h.client, "ns1", "repo", "local:/tmp/none", "pw");
      Objects.backup(h.client, "ns1", "b1", "repo", "data");
      Eventually.await(DEADLINE, "backup Ready after the repository", () -> "Ready".equals(Objects.phase(h.client, "ns1", "b1")));
      assertEquals("Ready", Objects.repositoryPhase(h.client, "ns1", "repo"));
    }
  }

  @Test
  void failedJobFailsTheBackupWithThePodsReasonAndIsNotRecreated() throws Exception {
    InstantPodExecutor failing = new InstantPodExecutor(job -> CompletableFuture.completedFuture(
        "backup".equals(job.getMetadata().getLabels().get("lifeboat.dev/purpose"))
            ? InstantPodExecutor.failure("Fatal: unable to open repository at s3:...: bucket does not exist")
            : InstantPodExecutor.success(job)));
    try (Harness h = new Harness(tmp, failing)) {
      h.controller(h.writer(h.newClient()), h.newClient(), 2).start();
      Objects.boundPvc(h.client, "ns1", "data");
      Objects.repository(h.client, "ns1", "repo", "local:/tmp/none", "pw");
      Objects.backup(h.client, "ns1", "b1", "repo", "data");
      Eventually.await(DEADLINE, "backup Failed", () -> "Failed".equals(Objects.phase(h.client, "ns1", "b1")));
      Backup b = h.client.resources(Backup.class).inNamespace("ns1").withName("b1").get();
      assertTrue(b.getStatus().message.contains("bucket does not exist"), b.getStatus().message);
      assertTrue(b.getStatus().message.contains("3 attempt(s)"), b.getStatus().message);
      assertEquals(3, failing.podsStarted.get("b1-backup"), "backoffLimit 2 means 3 pods");
      assertEquals(1L, h.client.batch().v1().jobs().inNamespace("ns1").withLabel("lifeboat.dev/purpose", "backup")
          .list().getItems().size());
    }
  }

  @Test
  void jobDeletedWhileRunningFailsTheBackupInsteadOfRecreatingIt() throws Exception {
    InstantPodExecutor hanging = new InstantPodExecutor(job ->
        "backup".equals(job.getMetadata().getLabels().get("lifeboat.dev/purpose")) ? new CompletableFuture<PodResult>()
            : CompletableFuture.completedFuture(InstantPodExecutor.success(job)));
    try (Harness h = new Harness(tmp, hanging)) {
      h.controller(h.writer(h.newClient()), h.newClient(), 2).start();
      Objects.boundPvc(h.client, "ns1", "data");
      Objects.repository(h.client, "ns1", "repo", "local:/tmp/none", "pw");
      Objects.backup(h.client, "ns1", "b1", "repo", "data");
      Eventually.await(DEADLINE, "backup Running", () -> "Running".equals(Objects.phase(h.client, "ns1", "b1")));
      h.client.batch().v1().jobs().inNamespace("ns1").withName("b1-backup").delete();
      Eventually.await(DEADLINE, "backup Failed", () -> "Failed".equals(Objects.phase(h.client, "ns1", "b1")));
      Backup b = h.client.resources(Backup.class).inNamespace("ns1").withName("b1").get();
      assertTrue(b.getStatus().message.contains("was deleted"), b.getStatus().message);
      assertEquals(null, h.client.batch().v1().jobs().inNamespace("ns1").withName("b1-backup").get());
    }
  }

  @Test
  void missingPvcFailsAtOnceWithTheFix() throws Exception {
    try (Harness h = new Harness(tmp, InstantPodExecutor.succeeding())) {
      h.controller(h.writer(h.newClient()), h.newClient(), 2).start();
      Objects.repository(h.client, "ns1", "repo", "local:/tmp/none", "pw");
      Objects.backup(h.client, "ns1", "b1", "repo", "nope");
      Eventually.await(DEADLINE, "backup Failed", () -> "Failed".equals(Objects.phase(h.client, "ns1", "b1")));
      Backup b = h.client.resources(Backup.class).inNamespace("ns1").withName("b1").get();
      assertTrue(b.getStatus().message.contains("fix spec.source.pvc"), b.getStatus().message);
      assertEquals(0L, h.client.batch().v1().jobs().inNamespace("ns1").withLabel("lifeboat.dev/purpose", "backup")
          .list().getItems().size());
    }
  }

  @Test
  void oncePassesConvergeLikeTheWatchLoop() throws Exception {
    try (Harness h = new Harness(tmp, InstantPodExecutor.succeeding())) {
      Objects.boundPvc(h.client, "ns1", "data");
      Objects.repository(h.client, "ns1", "repo", "local:/tmp/none", "pw");
      Objects.backup(h.client, "ns1", "b1", "repo", "data");
      OncePass once = new OncePass(Kinds.reconcilers(), h.client, h.writer(h.client), h.jobs(), java.time.Clock.systemUTC());
      // Each pass acts on what it sees; Jobs finish between passes (as cron runs would find them).
      Eventually.await(DEADLINE, "Ready after some passes", () -> {
        once.run(null);
        return "Ready".equals(Objects.phase(h.client, "ns1", "b1"));
      });
      assertEquals(2L, h.jobCount("ns1"), "one init Job and one backup Job");
    }
  }

  /**
   * The CLI's 'reconcile --once' (as cron on a bastion host runs it, no controller anywhere) drives
   * a backup and then a restore with stop/start to their ends, one pass at a time.
   */
  @Test
  void reconcileOnceFromTheCliDrivesBackupsAndRestores() throws Exception {
    try (Harness h = new Harness(tmp.resolve("once-cli"), InstantPodExecutor.succeeding())) {
      java.nio.file.Path kc = tmp.resolve("once-kubeconfig");
      h.server.writeKubeconfig(kc);
      Objects.boundPvc(h.client, "ns1", "data");
      Objects.boundPvc(h.client, "ns1", "other");
      Objects.repository(h.client, "ns1", "repo", "local:/tmp/none", "pw");
      Objects.deployment(h.client, "ns1", "api", 3);
      Objects.statefulSet(h.client, "ns1", "db", 1);
      Objects.backup(h.client, "ns1", "b1", "repo", "data");
      int[] passes = {0};
      java.util.function.BooleanSupplier pass = () -> {
        dev.lifeboat.support.Cli.Result r = dev.lifeboat.support.Cli.run("--kubeconfig", kc.toString(), "-A",
            "reconcile", "--once");
        assertEquals(0, r.exitCode(), r.all());
        passes[0]++;
        return true;
      };
      Eventually.await(DEADLINE, "backup Ready through --once", () -> pass.getAsBoolean()
          && "Ready".equals(Objects.phase(h.client, "ns1", "b1")));
      Objects.restore(h.client, "ns1", "r1", "b1", "other", spec -> {});
      java.util.List<Integer> apiSeen = new java.util.ArrayList<>();
      Eventually.await(DEADLINE, "restore Completed through --once", () -> {
        pass.getAsBoolean();
        apiSeen.add(Objects.replicas(h.client, "ns1", "deployment/api"));
        return "Completed".equals(Objects.restorePhase(h.client, "ns1", "r1"));
      });
      assertTrue(apiSeen.contains(0), "the application was stopped during the restore: " + apiSeen);
      assertEquals(3, Objects.replicas(h.client, "ns1", "deployment/api"));
      assertEquals(1, Objects.replicas(h.client, "ns1", "statefulset/db"));
      String holder = Objects.lockHolder(h.client, "ns1", "other");
      assertTrue(holder == null || holder.isEmpty(), "lock freed");
      System.out.println("reconcile --once: " + passes[0] + " passes for a backup and a restore");
    }
  }
}
