package dev.lifeboat.engine;

import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.cluster.LiveView;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.BackupStatus;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.RepositoryStatus;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Conditions;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A verify's finding reaches the Backup through the one applier: SnapshotMissing=True and Ready=False on its status,
 * a Warning Event; the same finding again writes nothing; a snapshot found again turns it back.
 */
class SnapshotMissingMarkIT {
  @TempDir
  Path tmp;

  @Test
  void theApplierWritesTheMarkOnceAndClearsIt() throws Exception {
    try (Harness h = new Harness(tmp.resolve("sandbox"), InstantPodExecutor.succeeding())) {
      Repository repo = Objects.repository(h.client, "prod", "repo", "local:/tmp/none", "pw");
      repo.setStatus(new RepositoryStatus());
      Backup backup = Objects.backup(h.client, "prod", "nightly", "repo", "data");
      backup.setStatus(new BackupStatus());
      backup.getStatus().phase = BackupPhase.Ready;
      backup.getStatus().snapshotId = "0123456789abcdef";
      h.client.resources(Backup.class).inNamespace("prod").resource(backup).updateStatus();
      ActionApplier applier = new ActionApplier(new LiveView(h.client), h.writer(h.client), Kinds.reconcilers());
      Instant at = Instant.parse("2026-12-01T10:00:00Z");

      apply(applier, h, new Action.MarkSnapshotMissing("prod", "nightly", true, "snapshot 01234567 is not in the repository", at));
      Backup marked = h.client.resources(Backup.class).inNamespace("prod").withName("nightly").get();
      assertEquals("True", Conditions.find(marked.getStatus().conditions, Conditions.SNAPSHOT_MISSING).getStatus());
      assertEquals("False", Conditions.find(marked.getStatus().conditions, Conditions.READY).getStatus());
      assertEquals(BackupPhase.Ready, marked.getStatus().phase, "the Backup did succeed; what it made is gone");
      assertEquals(1, events(h, "SnapshotMissing"));
      String version = marked.getMetadata().getResourceVersion();

      apply(applier, h, new Action.MarkSnapshotMissing("prod", "nightly", true, "snapshot 01234567 is not in the repository", at));
      assertEquals(version, h.client.resources(Backup.class).inNamespace("prod").withName("nightly").get().getMetadata()
          .getResourceVersion(), "the same finding writes nothing");
      assertEquals(1, events(h, "SnapshotMissing"));

      apply(applier, h, new Action.MarkSnapshotMissing("prod", "nightly", false, "snapshot 01234567 found again", at));
      Backup found = h.client.resources(Backup.class).inNamespace("prod").withName("nightly").get();
      assertEquals("False", Conditions.find(found.getStatus().conditions, Conditions.SNAPSHOT_MISSING).getStatus());
      assertEquals("True", Conditions.find(found.getStatus().conditions, Conditions.READY).getStatus());
    }
  }

  private static void apply(ActionApplier applier, Harness h, Action action) {
    Repository repo = h.client.resources(Repository.class).inNamespace("prod").withName("repo").get();
    applier.apply(null, repo, Decision.of(repo.getStatus() == null ? new RepositoryStatus() : repo.getStatus(), List.of(action)),
        create -> null, name -> null);
  }

  private static long events(Harness h, String reason) {
    return h.client.v1().events().inNamespace("prod").list().getItems().stream()
        .filter(e -> reason.equals(e.getReason())).count();
  }
}
