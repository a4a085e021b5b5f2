package dev.lifeboat.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Restore;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad restore input: a clear error naming the problem, exit code 2, nothing created, nothing scaled. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreBadInputIT {
  private static final String NS = "default";
  @TempDir
  static Path tmp;
  private Harness h;
  private String kubeconfig;

  @BeforeAll
  void start() throws Exception {
    h = new Harness(tmp.resolve("sandbox"), new InstantPodExecutor(job -> CompletableFuture.completedFuture(
        job.getMetadata().getName().startsWith("failed-") ? InstantPodExecutor.failure("Fatal: boom")
            : job.getMetadata().getName().equals("snap-check") ? InstantPodExecutor.failure("no snapshot deadbeef in the repository")
            : InstantPodExecutor.success(job))));
    h.controller(h.writer(h.newClient()), h.newClient(), 2).start();
    Path kc = tmp.resolve("kubeconfig");
    h.server.writeKubeconfig(kc);
    kubeconfig = kc.toString();
    Objects.boundPvc(h.client, NS, "data");
    Objects.repository(h.client, NS, "repo", "local:/tmp/none", "pw");
    Objects.deployment(h.client, NS, "api", 3);
    Objects.statefulSet(h.client, NS, "db", 1);
    Objects.backup(h.client, NS, "good", "repo", "data");
    Objects.backup(h.client, NS, "failed-bk", "repo", "data");
    // "shared" is mounted by a running Deployment of two replicas (on two nodes: ReadWriteMany): a restore into it
    // must stop it, or be forced.
    Objects.boundPvc(h.client, NS, "shared", "ReadWriteMany");
    h.client.apps().deployments().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
        .withNewMetadata().withName("web").withNamespace(NS).endMetadata()
        .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec()
        .addNewContainer().withName("c").withImage("web").endContainer()
        .addNewVolume().withName("files").withNewPersistentVolumeClaim().withClaimName("shared").endPersistentVolumeClaim()
        .endVolume().endSpec().endTemplate().endSpec().build()).create();
    Eventually.await(Duration.ofSeconds(30), "backups done", () -> "Ready".equals(Objects.phase(h.client, NS, "good"))
        && "Failed".equals(Objects.phase(h.client, NS, "failed-bk")));
  }

  @AfterAll
  void stop() throws Exception {
    h.close();
  }

  List<Arguments> rows() {
    return List.of(
        Arguments.of("Backup \"failed-bk\" is Failed: it has no snapshot to restore",
            new String[] {"restore", "create", "r1", "--from-backup", "failed-bk", "--stop", "deployment/api"}),
        Arguments.of("Backup \"nope\" not found", new String[] {"restore", "create", "r1", "--from-backup", "nope"}),
        Arguments.of("target PersistentVolumeClaim \"missing\" not found",
            new String[] {"restore", "create", "r1", "--from-backup", "good", "--to-pvc", "missing", "--stop", "deployment/api"}),
        Arguments.of("--override-lock needs --force",
            new String[] {"restore", "create", "r1", "--from-backup", "good", "--override-lock"}),
        Arguments.of("--stop \"daemonset/agent\": lifeboat stops deployment/NAME and statefulset/NAME only",
            new String[] {"restore", "create", "r1", "--from-backup", "good", "--stop", "deployment/api,daemonset/agent"}),
        Arguments.of("--stop deployment/ghost: not found",
            new String[] {"restore", "create", "r1", "--from-backup", "good", "--stop", "deployment/ghost"}),
        Arguments.of("--from-snapshot \"repo/xyz\": use REPOSITORY/ID",
            new String[] {"restore", "create", "r1", "--from-snapshot", "repo/xyz", "--to-pvc", "data"}),
        Arguments.of("--to-pvc is required with --from-snapshot",
            new String[] {"restore", "create", "r1", "--from-snapshot", "repo/deadbeef"}),
        Arguments.of("--prune \"sometimes\": use after-failed or never",
            new String[] {"restore", "create", "r1", "--from-backup", "good", "--prune", "sometimes"}),
        Arguments.of("--as-file goes with --from-snapshot",
            new String[] {"restore", "create", "r1", "--from-backup", "good", "--as-file", "dump.sql"}),
        Arguments.of("--as-file \"..\" is not a file name",
            new String[] {"restore", "create", "r1", "--from-snapshot", "repo/deadbeef", "--to-pvc", "data", "--as-file", ".."}),
        Arguments.of("--mode is for restoring a claim's files; --as-file adds one file and deletes nothing",
            new String[] {"restore", "create", "r1", "--from-snapshot", "repo/deadbeef", "--to-pvc", "data", "--as-file",
                "x.dump", "--mode", "replace"}),
        Arguments.of("target PersistentVolumeClaim \"shared\" is in use by deployment/web: a restore under a running"
                + " application mixes its writes with the snapshot's files. Stop them with the restore (--stop KIND/NAME,"
                + " or --stop-users",
            new String[] {"restore", "create", "r1", "--from-backup", "good", "--to-pvc", "shared"}),
        Arguments.of("target PersistentVolumeClaim \"shared\" is in use by deployment/web",
            new String[] {"restore", "create", "r1", "--from-backup", "good", "--to-pvc", "shared", "--stop", "deployment/api"}),
        Arguments.of("Restore \"nope\" not found", new String[] {"abort", "restore", "nope"}),
        Arguments.of("Restore \"nope\" not found", new String[] {"prune", "restore", "nope"}));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("rows")
  void rejectedAndNothingStartedOrScaled(String message, String[] args) {
    List<String> full = new ArrayList<>(List.of("--kubeconfig", kubeconfig));
    full.addAll(List.of(args));
    Cli.Result result = Cli.run(full.toArray(String[]::new));
    assertTrue(result.exitCode() == 2 || result.exitCode() == 4, result.all());
    assertTrue(result.err().contains(message), "expected \"" + message + "\" in: " + result.err());
    assertFalse(result.all().contains("\tat "), result.all());
    assertEquals(0, h.client.resources(Restore.class).inNamespace(NS).list().getItems().size(), "no Restore created");
    assertUntouched();
  }

  @Test
  void aMissingSnapshotFailsValidationWithoutStoppingAnything() {
    Cli.Result result = Cli.run("--kubeconfig", kubeconfig, "restore", "create", "snap", "--from-snapshot", "repo/deadbeef",
        "--to-pvc", "data", "--stop", "deployment/api,statefulset/db", "--wait", "--timeout", "30s");
    assertEquals(1, result.exitCode(), result.all());
    assertTrue(result.err().contains("snapshot deadbeef of Repository repo cannot be restored here"), result.err());
    assertUntouched();
    String holder = Objects.lockHolder(h.client, NS, "data");
    assertTrue(holder == null || holder.isEmpty(), "no lock taken: " + holder);
    h.client.resources(Restore.class).inNamespace(NS).withName("snap").delete();
    Eventually.await(Duration.ofSeconds(20), "deleted", () ->
        h.client.resources(Restore.class).inNamespace(NS).withName("snap").get() == null);
  }

  /** Applied with kubectl, past the CLI: the controller's validation refuses it with the same words. */
  @Test
  void aRestoreIntoAClaimInUseFailsValidationInTheControllerToo() {
    Restore r = new Restore();
    r.getMetadata().setName("under-web");
    r.setSpec(new dev.lifeboat.api.RestoreSpec());
    r.getSpec().backup = "good";
    r.getSpec().target = new dev.lifeboat.api.RestoreTarget();
    r.getSpec().target.pvc = "shared";
    h.client.resources(Restore.class).inNamespace(NS).resource(r).create();
    Eventually.await(Duration.ofSeconds(30), "validation fails", () -> "Failed".equals(phase("under-web")));
    Restore failed = h.client.resources(Restore.class).inNamespace(NS).withName("under-web").get();
    assertTrue(String.join(";", failed.getStatus().validationErrors)
        .contains("target PersistentVolumeClaim \"shared\" is in use by deployment/web"), failed.getStatus().validationErrors.toString());
    assertEquals(2, Objects.replicas(h.client, NS, "deployment/web"), "nothing stopped");
    assertUntouched();
    h.client.resources(Restore.class).inNamespace(NS).withName("under-web").delete();
    Eventually.await(Duration.ofSeconds(20), "deleted", () ->
        h.client.resources(Restore.class).inNamespace(NS).withName("under-web").get() == null);
  }

  /** --stop-users stops whatever mounts the target (and starts it again with the replicas it had). */
  @Test
  void stopUsersStopsWhatMountsTheTargetAndStartsItAgain() {
    Cli.Result result = Cli.run("--kubeconfig", kubeconfig, "restore", "create", "with-users", "--from-backup", "good",
        "--to-pvc", "shared", "--stop-users", "--wait", "--timeout", "1m");
    assertEquals(0, result.exitCode(), result.all());
    Restore done = h.client.resources(Restore.class).inNamespace(NS).withName("with-users").get();
    assertEquals(Map.of("deployment/web", 2), done.getStatus().savedReplicas, "web was stopped with the restore");
    assertEquals(2, Objects.replicas(h.client, NS, "deployment/web"), "and started again");
    h.client.resources(Restore.class).inNamespace(NS).withName("with-users").delete();
    // The sandbox's API, like kubectl delete of a Restore, leaves the Job to garbage collection: remove it here.
    h.client.batch().v1().jobs().inNamespace(NS).withLabel("lifeboat.dev/owner-name", "with-users").delete();
    Eventually.await(Duration.ofSeconds(20), "deleted", () ->
        h.client.resources(Restore.class).inNamespace(NS).withName("with-users").get() == null
            && h.client.batch().v1().jobs().inNamespace(NS).withLabel("lifeboat.dev/owner-name", "with-users").list()
                .getItems().isEmpty());
  }

  private String phase(String restore) {
    Restore r = h.client.resources(Restore.class).inNamespace(NS).withName(restore).get();
    return r == null || r.getStatus() == null || r.getStatus().phase == null ? null : r.getStatus().phase.name();
  }

  private void assertUntouched() {
    assertEquals(3, Objects.replicas(h.client, NS, "deployment/api"));
    assertEquals(1, Objects.replicas(h.client, NS, "statefulset/db"));
    assertEquals(0, h.client.batch().v1().jobs().inNamespace(NS).withLabel("lifeboat.dev/purpose", "restore").list()
        .getItems().size(), "no restore Job");
  }
}
