package dev.lifeboat.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupHook;
import dev.lifeboat.api.BackupHooks;
import dev.lifeboat.api.CopyMethod;
import dev.lifeboat.api.Labels;
import dev.lifeboat.sandbox.SandboxPvcs;
import dev.lifeboat.support.CrashLoop;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash sweep over a Snapshot backup with a pre and a post hook: the controller dies right after each of its
 * writes (the hooks' execs count as writes), a new one takes over, and every run ends as the uninterrupted one does:
 * Ready, one Job per purpose, the post hook run after the pre hook, no VolumeSnapshot or temporary claim left. Also: a
 * Backup deleted mid-copy takes its VolumeSnapshot and claim with it (their owner reference).
 */
class CopyCrashRecoveryIT {
  private static final String API = "snapshot.storage.k8s.io/v1";
  @TempDir
  Path tmp;

  @Test
  void restartAfterAnyWriteOfACopyConvergesToTheSameEndState() throws Exception {
    // Crash points 1 to 6 are the repository's init and the Backup's Pending, as CrashRecoveryIT sweeps them; the
    // copy's own writes (the first exec) start after.
    int writes = CrashLoop.run(tmp, "copy-", 7, 40, new CrashLoop.Drill() {
      @Override
      public void start(Harness h, String ns) throws Exception {
        applicationAndRepository(h, ns);
        Backup b = backup(ns, "b1");
        b.getSpec().copyMethod = CopyMethod.Snapshot;
        b.getSpec().hooks = hooks();
        h.client.resources(Backup.class).inNamespace(ns).resource(b).create();
      }

      @Override
      public boolean done(Harness h, String ns) {
        return "Ready".equals(Objects.phase(h.client, ns, "b1"));
      }

      @Override
      public void assertEndState(Harness h, String ns, InstantPodExecutor pods) {
        Backup b = h.client.resources(Backup.class).inNamespace(ns).withName("b1").get();
        assertNotNull(b.getStatus().snapshotId);
        assertNotNull(b.getStatus().copyTime);
        List<String> stages = b.getStatus().hooks.stream().map(r -> r.stage).toList();
        assertTrue(stages.contains("pre") && "post".equals(stages.get(stages.size() - 1)),
            "the post hook ran after the pre hook: " + stages);
        assertTrue(b.getStatus().hooks.stream().allMatch(dev.lifeboat.api.HookResult::succeeded), "" + b.getStatus().hooks);
        assertEquals(Map.of("b1-backup", 1, "repo-init-g1", 1), Map.copyOf(pods.podsStarted), "each Job ran one pod");
        assertTrue(b.getMetadata().getFinalizers() == null || !b.getMetadata().getFinalizers().contains(
            Labels.HOOKS_FINALIZER), "the post hooks' finalizer went once they ran");
        Eventually.await(Duration.ofSeconds(20), "no VolumeSnapshot or temporary claim left", () ->
            h.client.genericKubernetesResources(API, "VolumeSnapshot").inNamespace(ns).list().getItems().isEmpty()
                && h.client.persistentVolumeClaims().inNamespace(ns).withLabel(Labels.COPY_OF).list().getItems().isEmpty());
      }
    });
    System.out.println("uninterrupted Snapshot backup with hooks: " + writes + " writes");
  }

  @Test
  void aBackupDeletedMidCopyTakesItsSnapshotAndClaimWithIt() throws Exception {
    InstantPodExecutor pods = InstantPodExecutor.succeeding();
    try (Harness h = new Harness(tmp.resolve("deleted"), pods)) {
      String ns = "deleted";
      SandboxPvcs.create(h.client, h.paths, ns, "data", null);
      Objects.repository(h.client, ns, "repo", "local:/tmp/none", "pw");
      var controller = h.controller(h.writer(h.client), h.newClient(), 1);
      controller.start();
      Backup b = backup(ns, "gone");
      b.getSpec().copyMethod = CopyMethod.Snapshot;
      b.getSpec().timeout = "1h";
      h.client.resources(Backup.class).inNamespace(ns).resource(b).create();
      Eventually.await(Duration.ofSeconds(30), "its copy claim made", () ->
          !h.client.persistentVolumeClaims().inNamespace(ns).withLabel(Labels.COPY_OF).list().getItems().isEmpty());
      controller.close();
      h.client.resources(Backup.class).inNamespace(ns).withName("gone").delete();
      Eventually.await(Duration.ofSeconds(30), "the VolumeSnapshot and the claim collected with their owner", () ->
          h.client.genericKubernetesResources(API, "VolumeSnapshot").inNamespace(ns).list().getItems().isEmpty()
              && h.client.persistentVolumeClaims().inNamespace(ns).withLabel(Labels.COPY_OF).list().getItems().isEmpty());
    }
  }

  @Test
  void aBackupDeletedWhileTheApplicationIsQuietStillRunsItsPostHooks() throws Exception {
    // The backup Job never ends: a Direct backup with hooks keeps the application quiet until it does.
    InstantPodExecutor pods = new InstantPodExecutor(job -> job.getMetadata().getName().endsWith("-backup")
        ? new java.util.concurrent.CompletableFuture<>()
        : java.util.concurrent.CompletableFuture.completedFuture(InstantPodExecutor.success(job)));
    try (Harness h = new Harness(tmp.resolve("quiet"), pods)) {
      String ns = "quiet";
      applicationAndRepository(h, ns);
      h.controller(h.writer(h.client), h.newClient(), 1).start();
      Backup b = backup(ns, "frozen");
      b.getSpec().hooks = hooks();
      h.client.resources(Backup.class).inNamespace(ns).resource(b).create();
      Eventually.await(Duration.ofSeconds(30), "the backup running after its pre hook", () -> {
        Backup now = h.client.resources(Backup.class).inNamespace(ns).withName("frozen").get();
        return now.getStatus() != null && now.getStatus().phase == dev.lifeboat.api.BackupPhase.Running
            && now.getStatus().hooks.size() == 1;
      });
      h.client.resources(Backup.class).inNamespace(ns).withName("frozen").delete();
      Eventually.await(Duration.ofSeconds(30), "the Backup gone", () ->
          h.client.resources(Backup.class).inNamespace(ns).withName("frozen").get() == null);
      assertTrue(h.client.v1().events().inNamespace(ns).list().getItems().stream().anyMatch(e ->
          "frozen".equals(e.getInvolvedObject().getName()) && "HookSucceeded".equals(e.getReason())
              && e.getMessage().startsWith("post hook")), "the post hook ran before the Backup went");
      Eventually.await(Duration.ofSeconds(30), "its Job stopped", () ->
          h.client.batch().v1().jobs().inNamespace(ns).withName("frozen-backup").get() == null);
    }
  }

  /** The claim "data", the Deployment "db" (running, the hooks' target) and the Repository "repo". */
  private static void applicationAndRepository(Harness h, String ns) throws Exception {
    SandboxPvcs.create(h.client, h.paths, ns, "data", null);
    Objects.deployment(h.client, ns, "db", 1);
    Eventually.await(Duration.ofSeconds(30), "the application's pod running", () -> h.client.pods().inNamespace(ns)
        .withLabel("app", "db").list().getItems().stream()
        .anyMatch(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase())));
    Objects.repository(h.client, ns, "repo", "local:/tmp/none", "pw");
  }

  /** A Backup of "data" into "repo", not created yet. */
  private static Backup backup(String ns, String name) {
    Backup b = new Backup();
    b.getMetadata().setName(name);
    b.getMetadata().setNamespace(ns);
    b.setSpec(new dev.lifeboat.api.BackupSpec());
    b.getSpec().repository = "repo";
    b.getSpec().source = new dev.lifeboat.api.BackupSource("data");
    return b;
  }

  private static BackupHooks hooks() {
    BackupHooks hooks = new BackupHooks();
    hooks.pre.add(hook("sync"));
    hooks.post.add(hook("true"));
    return hooks;
  }

  private static BackupHook hook(String command) {
    BackupHook hook = new BackupHook();
    hook.workload = "deployment/db";
    hook.command = List.of("/bin/sh", "-c", command);
    return hook;
  }
}
