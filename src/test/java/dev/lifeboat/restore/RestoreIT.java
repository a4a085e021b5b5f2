package dev.lifeboat.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.PruneMode;
import dev.lifeboat.api.Restore;
import dev.lifeboat.lifecycle.restore.RestoreLifecycle;
import dev.lifeboat.sandbox.PodExecutor.PodResult;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restores through the watch loop on the embedded API server, with Jobs whose outcome the test
 * decides: stop/start of applications (3 and 1 replicas), the operation lock between two restores
 * and a backup, prune after failure, abort.
 */
class RestoreIT {
  private static final Duration DEADLINE = Duration.ofSeconds(40);
  private static final String NS = "shop";
  @TempDir
  Path tmp;
  private Harness h;
  /** Restore Jobs that hang until the test completes them. */
  private final Map<String, CompletableFuture<PodResult>> held = new ConcurrentHashMap<>();
  /** Replicas of the api Deployment when each restore Job's pod started. */
  private final Map<String, Integer> apiReplicasAtStart = new ConcurrentHashMap<>();

  @BeforeEach
  void start() {
    InstantPodExecutor executor = new InstantPodExecutor(job -> {
      String name = job.getMetadata().getName();
      if (name.endsWith("-restore")) {
        apiReplicasAtStart.put(name, Objects.replicas(h.client, NS, "deployment/api"));
      }
      if (name.startsWith("fails-") && name.endsWith("-restore")) {
        return CompletableFuture.completedFuture(InstantPodExecutor.failure("Fatal: unable to load snapshot: not found"));
      }
      if (name.startsWith("prunefails-") && !name.endsWith("-check")) {
        return CompletableFuture.completedFuture(InstantPodExecutor.failure("Fatal: " + name + " failed"));
      }
      if (name.startsWith("hold-") && name.endsWith("-restore")) {
        return held.computeIfAbsent(name, n -> new CompletableFuture<>());
      }
      return CompletableFuture.completedFuture(InstantPodExecutor.success(job));
    });
    h = new Harness(tmp, executor);
    h.controller(h.writer(h.newClient()), h.newClient(), 2).start();
    Objects.boundPvc(h.client, NS, "a");
    Objects.boundPvc(h.client, NS, "b");
    Objects.repository(h.client, NS, "repo", "local:/tmp/none", "pw");
    Objects.deployment(h.client, NS, "api", 3);
    Objects.statefulSet(h.client, NS, "db", 1);
    Objects.backup(h.client, NS, "b1", "repo", "a");
    Eventually.await(DEADLINE, "backup Ready", () -> "Ready".equals(Objects.phase(h.client, NS, "b1")));
  }

  @AfterEach
  void stop() throws Exception {
    held.values().forEach(f -> f.complete(InstantPodExecutor.failure("test over")));
    h.close();
  }

  private Restore restore(String name) {
    return h.client.resources(Restore.class).inNamespace(NS).withName(name).get();
  }

  private void assertApplicationsBackAndLockFree(String pvc) {
    Eventually.await(DEADLINE, "apps at 3 and 1", () -> Objects.replicas(h.client, NS, "deployment/api") == 3
        && Objects.replicas(h.client, NS, "statefulset/db") == 1);
    String holder = Objects.lockHolder(h.client, NS, pvc);
    assertTrue(holder == null || holder.isEmpty(), "lock must be free, held by " + holder);
    var finalizers = h.client.persistentVolumeClaims().inNamespace(NS).withName(pvc).get().getMetadata().getFinalizers();
    assertTrue(finalizers == null || !finalizers.contains("lifeboat.dev/in-use"), "no finalizer of lifeboat's on the claim; restores: "
        + io.fabric8.kubernetes.client.utils.Serialization.asJson(h.client.resources(Restore.class).inNamespace(NS).list()
            .getItems().stream().map(x -> x.getStatus()).toList()));
  }

  @Test
  void restoreIntoAnotherPvcStopsAndStartsApplications() {
    Objects.restore(h.client, NS, "r1", "b1", "b", s -> {});
    Eventually.await(DEADLINE, "Completed", () -> "Completed".equals(Objects.restorePhase(h.client, NS, "r1")));
    assertEquals(0, apiReplicasAtStart.get("r1-restore"), "the restore ran with the applications stopped");
    assertApplicationsBackAndLockFree("b");
    Restore r = restore("r1");
    assertEquals(Map.of("deployment/api", 3, "statefulset/db", 1), r.getStatus().savedReplicas);
    assertEquals(List.of("Validating", "Stopping", "Running", "Starting", "Completed"),
        r.getStatus().history.stream().map(c -> c.phase.name()).toList());
    var data = h.client.configMaps().inNamespace(NS).withName(RestoreLifecycle.restoreDataConfigMap("r1")).get();
    assertTrue(data.getData().get("deployment.api").contains("\"replicas\":3"), data.getData().toString());
    assertEquals(1, h.client.batch().v1().jobs().inNamespace(NS).withLabel("lifeboat.dev/purpose", "restore")
        .list().getItems().size());
  }

  @Test
  void failedRestoreWithPruneEndsPruneCompleteWithApplicationsBack() {
    Objects.restore(h.client, NS, "fails-1", "b1", "b", s -> s.prune = PruneMode.AfterFailed);
    Eventually.await(DEADLINE, "PruneComplete", () -> "PruneComplete".equals(Objects.restorePhase(h.client, NS, "fails-1")));
    assertApplicationsBackAndLockFree("b");
    Restore r = restore("fails-1");
    assertTrue(r.getStatus().failure.contains("unable to load snapshot"), r.getStatus().failure);
    assertTrue(r.getStatus().history.stream().anyMatch(c -> c.phase.name().equals("PruneRunning")));
    assertTrue(h.client.batch().v1().jobs().inNamespace(NS).withName("fails-1-prune").get() != null);
  }

  @Test
  void failedRestoreWithoutPruneCanBePrunedLaterFromTheCli() throws Exception {
    Objects.restore(h.client, NS, "fails-2", "b1", "b", s -> {});
    Eventually.await(DEADLINE, "Failed", () -> "Failed".equals(Objects.restorePhase(h.client, NS, "fails-2")));
    assertApplicationsBackAndLockFree("b");
    Path kubeconfig = tmp.resolve("kubeconfig");
    h.server.writeKubeconfig(kubeconfig);
    Cli.Result pruned = Cli.run("--kubeconfig", kubeconfig.toString(), "-n", NS, "prune", "restore", "fails-2",
        "--wait", "--timeout", "40s");
    assertEquals(6, pruned.exitCode(), pruned.all());
    assertEquals("PruneComplete", Objects.restorePhase(h.client, NS, "fails-2"));
  }

  @Test
  void secondRestoreOfTheSameTargetWaitsInValidatingAndABackupWaitsInPending() {
    Objects.restore(h.client, NS, "hold-1", "b1", "b", s -> {});
    Eventually.await(DEADLINE, "first Running", () -> "Running".equals(Objects.restorePhase(h.client, NS, "hold-1")));
    Objects.restore(h.client, NS, "second", "b1", "b", s -> s.stopApplications = null);
    Objects.backup(h.client, NS, "b2", "repo", "b");
    Eventually.await(DEADLINE, "second waits for the lock", () -> restore("second").getStatus() != null
        && restore("second").getStatus().message.contains("held by Restore/shop/hold-1"));
    assertEquals("Validating", Objects.restorePhase(h.client, NS, "second"));
    Eventually.await(DEADLINE, "backup waits", () -> "Pending".equals(Objects.phase(h.client, NS, "b2"))
        && h.client.resources(dev.lifeboat.api.Backup.class).inNamespace(NS).withName("b2").get().getStatus().message
            .contains("locked by Restore/shop/hold-1"));
    assertNull(h.client.batch().v1().jobs().inNamespace(NS).withName("second-restore").get());

    held.get("hold-1-restore").complete(InstantPodExecutor.success(
        h.client.batch().v1().jobs().inNamespace(NS).withName("hold-1-restore").get()));
    Eventually.await(DEADLINE, "first Completed", () -> "Completed".equals(Objects.restorePhase(h.client, NS, "hold-1")));
    Eventually.await(DEADLINE, "second Completed", () -> "Completed".equals(Objects.restorePhase(h.client, NS, "second")));
    Eventually.await(DEADLINE, "backup Ready", () -> "Ready".equals(Objects.phase(h.client, NS, "b2")));
    assertApplicationsBackAndLockFree("b");
  }

  @Test
  void abortOfARunningRestoreEndsAbortedWithTheJobGone() {
    Objects.restore(h.client, NS, "hold-2", "b1", "b", s -> {});
    Eventually.await(DEADLINE, "Running", () -> "Running".equals(Objects.restorePhase(h.client, NS, "hold-2")));
    h.client.resources(Restore.class).inNamespace(NS).withName("hold-2")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"abort\":true}}");
    Eventually.await(DEADLINE, "Aborted", () -> "Aborted".equals(Objects.restorePhase(h.client, NS, "hold-2")));
    assertNull(h.client.batch().v1().jobs().inNamespace(NS).withName("hold-2-restore").get(), "restore Job deleted");
    assertApplicationsBackAndLockFree("b");
  }

  @Test
  void deletingARestoreMidFlightStartsApplicationsAndFreesTheLock() {
    Objects.restore(h.client, NS, "hold-3", "b1", "b", s -> {});
    Eventually.await(DEADLINE, "Running", () -> "Running".equals(Objects.restorePhase(h.client, NS, "hold-3")));
    h.client.resources(Restore.class).inNamespace(NS).withName("hold-3").delete();
    Eventually.await(DEADLINE, "gone", () -> restore("hold-3") == null);
    assertApplicationsBackAndLockFree("b");
  }

  private String kubeconfig() throws Exception {
    Path kubeconfig = tmp.resolve("kubeconfig");
    h.server.writeKubeconfig(kubeconfig);
    return kubeconfig.toString();
  }

  /** Exit code 7: the restore failed and so did its cleanup; the applications are back all the same. */
  @Test
  void aFailedRestoreWhoseCleanupFailsTooExitsSeven() throws Exception {
    Cli.Result r = Cli.run("--kubeconfig", kubeconfig(), "-n", NS, "restore", "create", "prunefails-1", "--from-backup", "b1",
        "--to-pvc", "b", "--stop", "deployment/api,statefulset/db", "--prune", "after-failed", "--backoff-limit", "0",
        "--wait", "--timeout", "40s");
    assertEquals(7, r.exitCode(), r.all());
    assertEquals("PruneFailed", Objects.restorePhase(h.client, NS, "prunefails-1"));
    assertTrue(r.err().contains("prunefails-1-prune failed"), "the cleanup's own words: " + r.err());
    assertApplicationsBackAndLockFree("b");
  }

  /** --force --override-lock takes a lock another operation holds, says so in an Event, and frees it at the end. */
  @Test
  void forceWithOverrideLockTakesAHeldLock() throws Exception {
    String lease = dev.lifeboat.lifecycle.Locks.leaseForPvc(NS, "b");
    h.client.leases().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder()
        .withNewMetadata().withName(lease).withNamespace(NS).endMetadata()
        .withNewSpec().withHolderIdentity("HibernatePlan/" + NS + "/nightly").endSpec().build()).create();
    Cli.Result waiting = Cli.run("--kubeconfig", kubeconfig(), "-n", NS, "restore", "create", "polite", "--from-backup", "b1",
        "--to-pvc", "b", "--wait", "--timeout", "2s");
    assertEquals(3, waiting.exitCode(), "without --force it waits for the holder: " + waiting.all());
    assertEquals("Validating", Objects.restorePhase(h.client, NS, "polite"));
    assertTrue(restore("polite").getStatus().message.contains("held by HibernatePlan/" + NS + "/nightly"),
        restore("polite").getStatus().message + " lease: " + h.client.leases().inNamespace(NS).withName(lease).get().getSpec());
    h.client.resources(Restore.class).inNamespace(NS).withName("polite").delete();

    Cli.Result forced = Cli.run("--kubeconfig", kubeconfig(), "-n", NS, "restore", "create", "forced", "--from-backup", "b1",
        "--to-pvc", "b", "--force", "--override-lock", "--wait", "--timeout", "40s");
    assertEquals(0, forced.exitCode(), forced.all());
    assertTrue(h.client.v1().events().inNamespace(NS).list().getItems().stream()
        .anyMatch(e -> "Warning".equals(e.getType()) && e.getMessage().contains("HibernatePlan/" + NS + "/nightly")),
        "an Event names the holder whose lock was taken: " + h.client.v1().events().inNamespace(NS).list().getItems().stream()
            .map(e -> e.getType() + " " + e.getReason() + " " + e.getMessage()).toList() + " history "
            + restore("forced").getStatus().history.stream().map(c -> c.phase + ":" + c.message).toList());
    assertApplicationsBackAndLockFree("b");
  }

}
