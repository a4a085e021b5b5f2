package dev.lifeboat.e2e;

import dev.lifeboat.support.Owners;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.Restore;
import dev.lifeboat.api.RestorePhase;
import dev.lifeboat.lifecycle.schedule.AutoRestore;
import dev.lifeboat.sandbox.Sandbox;
import dev.lifeboat.sandbox.SandboxPaths;
import dev.lifeboat.sandbox.SandboxPvcs;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.Objects;
import dev.lifeboat.support.RealTools;
import dev.lifeboat.support.Trees;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A namespace re-created from Git gets its data back by itself: a Schedule with autoRestore sees a
 * claim created after its latest Ready Backup, stops the Deployment that mounts it, restores it with
 * real restic (checksums equal), and starts the Deployment again. A re-created claim that already
 * holds data is left alone.
 */
class AutoRestoreE2E {
  @TempDir
  Path tmp;

  @Test
  void aReCreatedClaimIsRestoredAndOneWithDataIsLeftAlone() throws Exception {
    RealTools.requireRestic();
    Path passwordFile = tmp.resolve("password");
    Files.writeString(passwordFile, "auto-restore-password\n");
    try (Sandbox sandbox = Sandbox.start(new SandboxPaths(tmp.resolve("sandbox")), 0, null, true)) {
      Owners.requireIsolation();
      // Its data has several owners (Trees): only a privileged mover reads and restores them all.
      Owners.allowPrivilegedMovers(sandbox.client(), "default");
      String kubeconfig = sandbox.paths().kubeconfig().toString();
      var client = sandbox.client();
      Path source = tmp.resolve("www");
      Trees.generate(source, 80, 1L << 20, 5);
      Map<String, String> sums = Trees.checksums(source);
      // Two replicas on three nodes share the claim: ReadWriteMany, as such an application needs in a cluster.
      SandboxPvcs.create(client, sandbox.paths(), "default", "www", source, Map.of("app", "web"), SandboxPvcs.AccessMode.RWX,
          null);
      client.apps().deployments().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
          .withNewMetadata().withName("web").endMetadata()
          .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector()
          .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec()
          .addNewContainer().withName("c").withImage("web").endContainer()
          .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("www").endPersistentVolumeClaim()
          .endVolume().endSpec().endTemplate().endSpec().build()).create();

      ok(Cli.against(kubeconfig, "repository", "create", "repo", "--url", "local:" + tmp.resolve("repo"),
          "--password-file", passwordFile.toString(), "--wait", "--timeout", "3m"));
      ok(Cli.against(kubeconfig, "schedule", "create", "web", "--cron", "0 0 1 1 *", "--repository", "repo",
          "--pvc-selector", "app=web", "--keep-last", "3", "--auto-restore"));
      ok(Cli.against(kubeconfig, "schedule", "run", "web", "--wait", "--timeout", "3m"));
      assertEquals(1, client.resources(Backup.class).inNamespace("default").list().getItems().stream()
          .filter(b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Ready).count());

      // The namespace is re-created from Git: the claim comes back empty, with a new uid.
      PersistentVolumeClaim fresh = recreate(sandbox, "www", null);
      Restore restore = awaitRestore(sandbox, fresh);
      assertEquals("IfEmpty", String.valueOf(restore.getSpec().mode));
      assertEquals(java.util.List.of("deployment/web"), restore.getSpec().stopApplications.workloads);
      assertEquals(sums, Trees.checksums(sandbox.paths().pvc("default", "www")), "the data came back byte for byte");
      assertEquals(2, Objects.replicas(client, "default", "deployment/web"), "the Deployment runs again");

      // Re-created once more, but someone already put data in it: it is never overwritten.
      Path other = tmp.resolve("other");
      Files.createDirectories(other);
      Files.writeString(other.resolve("mine.txt"), "not from the backup");
      PersistentVolumeClaim occupied = recreate(sandbox, "www", other);
      Restore leftAlone = awaitRestore(sandbox, occupied);
      assertTrue(leftAlone.getStatus().message.contains("not empty"), leftAlone.getStatus().message);
      assertEquals(Map.of("mine.txt", Trees.checksums(other).get("mine.txt")),
          Trees.checksums(sandbox.paths().pvc("default", "www")), "untouched");
    }
  }

  private static void ok(Cli.Result result) {
    assertEquals(0, result.exitCode(), result.all());
  }

  /** Deletes the claim and its volume, and creates it again (a new uid) holding {@code content}. */
  private static PersistentVolumeClaim recreate(Sandbox sandbox, String name, Path content) throws Exception {
    var claims = sandbox.client().persistentVolumeClaims().inNamespace("default");
    claims.withName(name).edit(p -> {
      p.getMetadata().setFinalizers(null); // no Kubernetes here to clear pvc-protection
      return p;
    });
    claims.withName(name).delete();
    Eventually.await(Duration.ofSeconds(30), "claim " + name + " is gone", () -> claims.withName(name).get() == null);
    // Its volume goes with it (reclaim policy Delete), as a dynamically provisioned one does in a cluster.
    Eventually.await(Duration.ofSeconds(30), "claim " + name + "'s volume reclaimed",
        () -> !java.nio.file.Files.exists(sandbox.paths().pvc("default", name)));
    return SandboxPvcs.create(sandbox.client(), sandbox.paths(), "default", name, content, Map.of("app", "web"),
        SandboxPvcs.AccessMode.RWX, null);
  }

  private static Restore awaitRestore(Sandbox sandbox, PersistentVolumeClaim pvc) {
    String name = AutoRestore.restoreName(pvc.getMetadata().getName(), pvc.getMetadata().getUid());
    Eventually.await(Duration.ofMinutes(3), "auto-restore " + name + " completes", () -> {
      Restore r = sandbox.client().resources(Restore.class).inNamespace("default").withName(name).get();
      return r != null && r.getStatus() != null && r.getStatus().phase == RestorePhase.Completed;
    });
    return sandbox.client().resources(Restore.class).inNamespace("default").withName(name).get();
  }
}
