package dev.lifeboat.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.support.CrashLoop;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops the controller right after its 1st, 2nd, 3rd, ... API write of a repository's and a
 * backup's whole lifecycle, starts a fresh one, and checks that every run ends exactly like an
 * uninterrupted one: both objects Ready, one Job per purpose, nothing left waiting.
 */
class CrashRecoveryIT {
  /**
   * Measured (a repository init and one backup, Events included); pinned so that a change is seen.
   * 14 since repositories maintain themselves: one more Repository status write records its
   * maintenance schedule (next check, prune, verify) once it is Ready. 15 since every phase change has an
   * Event: the Backup's Pending (waiting for the repository) now has one. 13 since lifeboat puts no
   * finalizer on the claim (its add and its removal).
   */
  private static final int UNINTERRUPTED_WRITES = 13;
  @TempDir
  Path tmp;

  @Test
  void restartAfterAnyWriteConvergesToTheSameEndState() throws Exception {
    int uninterruptedWrites = CrashLoop.run(tmp, "crash-", 40, new CrashLoop.Drill() {
      @Override
      public void start(Harness h, String ns) {
        Objects.boundPvc(h.client, ns, "data");
        Objects.repository(h.client, ns, "repo", "local:/tmp/none", "pw");
        Objects.backup(h.client, ns, "b1", "repo", "data");
      }

      @Override
      public boolean done(Harness h, String ns) {
        return "Ready".equals(Objects.phase(h.client, ns, "b1"));
      }

      @Override
      public void assertEndState(Harness h, String ns, InstantPodExecutor pods) {
        CrashRecoveryIT.assertEndState(h, ns, pods);
      }
    });
    System.out.println("uninterrupted lifecycle: " + uninterruptedWrites + " writes");
    // Pinned: a change in how many writes a backup takes is a change to look at (and to note).
    assertEquals(UNINTERRUPTED_WRITES, uninterruptedWrites, "writes of an uninterrupted repository + backup lifecycle");
  }

  /** The whole outcome, as an uninterrupted run leaves it: not only the phase. */
  private static void assertEndState(Harness h, String ns, InstantPodExecutor pods) {
    assertEquals("Ready", Objects.repositoryPhase(h.client, ns, "repo"));
    Backup b = h.client.resources(Backup.class).inNamespace(ns).withName("b1").get();
    assertEquals("Ready", String.valueOf(b.getStatus().phase));
    assertNotNull(b.getStatus().snapshotId);
    List<String> jobs = h.client.batch().v1().jobs().inNamespace(ns).list().getItems().stream()
        .map(j -> j.getMetadata().getName()).sorted().toList();
    assertEquals(List.of("b1-backup", "repo-init-g1"), jobs, "exactly one Job per purpose");
    // A Job deleted and run again would keep its name: count the pods that ran.
    assertEquals(java.util.Map.of("b1-backup", 1, "repo-init-g1", 1), java.util.Map.copyOf(pods.podsStarted),
        "each Job ran exactly one pod");
    var finalizers = h.client.persistentVolumeClaims().inNamespace(ns).withName("data").get().getMetadata().getFinalizers();
    assertTrue(finalizers == null || finalizers.isEmpty(), "nothing of lifeboat's left on the claim: " + finalizers);
    assertEquals(List.of(), h.client.leases().inNamespace(ns).list().getItems(), "no lock left");
    assertTrue(b.getStatus().progress == null, "no stale progress on a Ready backup");
    assertEquals("True", b.getStatus().conditions.stream().filter(c -> c.getType().equals("Ready")).findFirst()
        .orElseThrow().getStatus());
  }
}
