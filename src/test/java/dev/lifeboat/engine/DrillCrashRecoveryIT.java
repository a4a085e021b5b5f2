package dev.lifeboat.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash sweep over a drill's writes: a Backup and a Drill of it with a verify command, the controller dying right
 * after each write, a new one taking over; every run ends as the uninterrupted one: Succeeded with its RTO, one pod per
 * Job (the drill's Restore and verify command ran once each), and no scratch claim or Restore left.
 */
class DrillCrashRecoveryIT {
  @TempDir
  Path tmp;

  @Test
  void restartAfterAnyWriteOfADrillConvergesToTheSameEndState() throws Exception {
    // Crash points 1 to 13 are the repository's init and the Backup's run (CrashRecoveryIT sweeps those; the Drill
    // only waits for the Backup meanwhile): the drill's own writes start after the Backup is Ready.
    int writes = CrashLoop.run(tmp, "drill-", 14, 60, new CrashLoop.Drill() {
      @Override
      public void start(Harness h, String ns) throws Exception {
        SandboxPvcs.create(h.client, h.paths, ns, "data", null);
        Objects.repository(h.client, ns, "repo", "local:/tmp/none", "pw");
        Backup b = new Backup();
        b.getMetadata().setName("b1");
        b.getMetadata().setNamespace(ns);
        b.setSpec(new dev.lifeboat.api.BackupSpec());
        b.getSpec().repository = "repo";
        b.getSpec().source = new dev.lifeboat.api.BackupSource("data");
        h.client.resources(Backup.class).inNamespace(ns).resource(b).create();
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
        assertTrue(Map.copyOf(pods.podsStarted).containsKey("b1-backup"));
      }
    });
    System.out.println("a drill, from a new Backup, took " + writes + " writes");
  }
}
