package dev.lifeboat.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.BackupStatus;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.RepositoryPhase;
import dev.lifeboat.api.RepositoryStatus;
import dev.lifeboat.api.Drill;
import dev.lifeboat.api.DrillPhase;
import dev.lifeboat.api.DrillSpec;
import dev.lifeboat.api.Restore;
import dev.lifeboat.sandbox.SandboxPvcs;
import dev.lifeboat.support.CrashLoop;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash sweep over a drill's writes: a Ready Backup and a Drill of it with a verify command, the controller dying right
 * after each write, a new one taking over; every run ends as the uninterrupted one: Succeeded with its RTO, one pod per
 * Job (the drill's Restore and verify command ran once each), and no scratch claim or Restore left.
 */
class DrillCrashRecoveryIT {
  @TempDir
  Path tmp;

  @Test
  void restartAfterAnyWriteOfADrillConvergesToTheSameEndState() throws Exception {
    int writes = CrashLoop.run(tmp, "drill-", 60, new CrashLoop.Drill() {
      @Override
      public void prepare(Harness h, String ns) throws Exception {
        // A Ready Repository and Backup, as an earlier controller left them (before this one starts, so it never races
        // their status): the sweep is over the drill's writes.
        SandboxPvcs.create(h.client, h.paths, ns, "data", null);
        Repository repo = Objects.repository(h.client, ns, "repo", "local:/tmp/none", "pw");
        repo.setStatus(new RepositoryStatus());
        repo.getStatus().phase = RepositoryPhase.Ready;
        repo.getStatus().observedGeneration = repo.getMetadata().getGeneration();
        h.client.resources(Repository.class).inNamespace(ns).resource(repo).updateStatus();
        Backup b = Objects.backup(h.client, ns, "b1", "repo", "data");
        b.setStatus(new BackupStatus());
        b.getStatus().phase = BackupPhase.Ready;
        b.getStatus().observedGeneration = b.getMetadata().getGeneration();
        b.getStatus().snapshotId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        b.getStatus().startTime = java.time.Instant.now().minusSeconds(60).toString();
        b.getStatus().completionTime = java.time.Instant.now().minusSeconds(50).toString();
        h.client.resources(Backup.class).inNamespace(ns).resource(b).updateStatus();
      }

      @Override
      public void start(Harness h, String ns) throws Exception {
        Drill d = new Drill();
        d.getMetadata().setName("d1");
        d.getMetadata().setNamespace(ns);
        d.setSpec(new DrillSpec());
        d.getSpec().backup = "b1";
        d.getSpec().verifyCommand = List.of("/bin/sh", "-c", "true");
        h.client.resources(Drill.class).inNamespace(ns).resource(d).create();
      }

      @Override
      public boolean done(Harness h, String ns) {
        Drill d = h.client.resources(Drill.class).inNamespace(ns).withName("d1").get();
        return d != null && d.getStatus() != null && d.getStatus().phase == DrillPhase.Succeeded
            && Boolean.TRUE.equals(d.getStatus().scratchDeleted);
      }

      @Override
      public void assertEndState(Harness h, String ns, InstantPodExecutor pods) {
        Drill d = h.client.resources(Drill.class).inNamespace(ns).withName("d1").get();
        assertNotNull(d.getStatus().rtoSeconds);
        assertEquals("b1", d.getStatus().backup);
        assertEquals(List.of(DrillPhase.Restoring, DrillPhase.Verifying, DrillPhase.Succeeded),
            d.getStatus().history.stream().map(c -> c.phase).distinct().toList());
        assertEquals(1, pods.podsStarted.getOrDefault("d1-drill-restore", 0), "the drill's restore ran once: " + pods.podsStarted);
        assertEquals(1, pods.podsStarted.getOrDefault("d1-drill-verify", 0), "the verify command ran once: " + pods.podsStarted);
        assertTrue(pods.podsStarted.values().stream().allMatch(n -> n == 1), "each Job ran one pod: " + pods.podsStarted);
        Eventually.await(Duration.ofSeconds(20), "no scratch claim or Restore left", () ->
            h.client.persistentVolumeClaims().inNamespace(ns).withName("d1-scratch").get() == null
                && h.client.resources(Restore.class).inNamespace(ns).withName("d1-drill").get() == null);
      }
    });
    System.out.println("a drill, from a new Backup, took " + writes + " writes");
  }
}
