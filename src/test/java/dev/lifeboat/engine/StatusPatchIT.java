package dev.lifeboat.engine;

import dev.lifeboat.cluster.StatusPatch;
import dev.lifeboat.cluster.KubeApiWriter;
import dev.lifeboat.cluster.ApiWriter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.BackupProgress;
import dev.lifeboat.api.BackupStatus;
import dev.lifeboat.api.Copies;
import dev.lifeboat.manager.StatusReporter;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.MutableClock;
import dev.lifeboat.support.Objects;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Job writes progress into the status while the controller decides on an older copy: the
 * controller's write must not put the old progress back (it sends only the fields it changed).
 */
class StatusPatchIT {
  @TempDir
  Path tmp;

  @Test
  void theControllersWriteKeepsProgressTheJobWroteMeanwhile() throws Exception {
    try (Harness h = new Harness(tmp, InstantPodExecutor.succeeding())) {
      Objects.backup(h.client, "ns", "b1", "repo", "data");
      Backup stored = h.client.resources(Backup.class).inNamespace("ns").withName("b1").get();
      stored.setStatus(new BackupStatus());
      stored.getStatus().phase = BackupPhase.Running;
      stored.getStatus().message = "backup running";
      Backup controllerCopy = h.client.resources(Backup.class).inNamespace("ns").resource(stored).updateStatus();

      // The Job reports progress after the controller read its copy.
      BackupProgress progress = new BackupProgress();
      progress.percentDone = 0.5;
      progress.filesDone = 100L;
      MutableClock clock = new MutableClock(java.time.Instant.parse("2026-11-22T10:00:00Z"));
      StatusReporter reporter = new StatusReporter(() -> h.client, "ns", "b1", clock);
      reporter.progress(progress);
      assertTrue(h.client.resources(Backup.class).inNamespace("ns").withName("b1").get().getStatus().progress == null,
          "no write in the first interval: a short backup never builds an API client");
      clock.advance(java.time.Duration.ofSeconds(2));
      reporter.progress(progress);

      // The controller decides on its older copy: only the message changes.
      BackupStatus decided = Copies.deepCopy(controllerCopy.getStatus(), BackupStatus.class);
      decided.message = "backup running (attempt 2)";
      var ops = StatusPatch.between(controllerCopy.getStatus(), decided);
      assertEquals(1, ops.size(), "only the changed field is sent: " + ops);
      boolean conflict = false;
      try {
        new KubeApiWriter(h.client, Clock.systemUTC()).patchStatus(controllerCopy, ops);
      } catch (ApiWriter.StatusConflictException e) {
        conflict = true; // a server that checks the resourceVersion sends the engine to re-read: also safe
      }
      Backup after = h.client.resources(Backup.class).inNamespace("ns").withName("b1").get();
      assertEquals(0.5, after.getStatus().progress.percentDone, "the Job's progress survived");
      assertEquals(100L, after.getStatus().progress.filesDone);
      if (!conflict) {
        assertEquals("backup running (attempt 2)", after.getStatus().message);
      }
      System.out.println("status patch on a moved object: " + (conflict ? "409, re-read" : "applied, progress kept"));
      assertTrue(after.getStatus().phase == BackupPhase.Running);
    }
  }
}
