package dev.lifeboat.lifecycle.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.BackupSpec;
import dev.lifeboat.api.ImportedSnapshot;
import dev.lifeboat.api.Labels;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Fixtures;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.JobView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The forget path of a deleted Backup: its finalizer comes off only once its snapshot is forgotten (or can never be:
 * no repository, another namespace's snapshot), and a failed forget is retried, never given up silently.
 */
class BackupForgetTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final String SNAPSHOT = "a1b2c3d4e5f6";
  private static final Action FINALIZER_OFF = new Action.Finalizer(Labels.FORGET_FINALIZER, false);

  private static Backup deleted() {
    Backup b = Fixtures.backup(BackupPhase.Ready);
    b.getStatus().snapshotId = SNAPSHOT;
    b.getSpec().deletionPolicy = BackupSpec.DeletionPolicy.Delete;
    b.getMetadata().setFinalizers(List.of(Labels.FORGET_FINALIZER));
    b.getMetadata().setDeletionTimestamp(NOW.minusSeconds(60).toString());
    return b;
  }

  private static BackupForget.Outcome decide(Backup b, List<BackupForget.ForgetJob> jobs) {
    return BackupForget.decide(b, new BackupForget.Observation(true,
        List.of(new BackupForget.Pending("nightly", SNAPSHOT)), jobs), NOW);
  }

  private static BackupForget.ForgetJob job(JobView view) {
    return new BackupForget.ForgetJob(view, List.of(SNAPSHOT));
  }

  @Test
  void theFirstPassCreatesTheForgetJobAndKeepsTheFinalizer() {
    BackupForget.Outcome o = decide(deleted(), List.of());
    assertTrue(BackupForget.applies(deleted()));
    assertEquals(1, o.actions().stream().filter(a -> a instanceof Action.CreateJob c && c.purpose() == JobPurpose.FORGET)
        .count(), o.actions().toString());
    assertFalse(o.actions().contains(FINALIZER_OFF), "the Backup must not go before its snapshot is forgotten");
    assertEquals(List.of(new BackupForget.Pending("nightly", SNAPSHOT)), o.batch());
  }

  @Test
  void anActiveForgetIsWaitedFor() {
    BackupForget.Outcome o = decide(deleted(), List.of(job(JobView.active("repo-forget-1"))));
    assertEquals(List.of(), o.actions());
    assertEquals(BackupForget.WAIT, o.requeueAfter());
  }

  @Test
  void aSucceededForgetLetsTheBackupGo() {
    BackupForget.Outcome o = decide(deleted(), List.of(job(Fixtures.succeeded("repo-forget-1", null))));
    assertTrue(o.actions().contains(FINALIZER_OFF), o.actions().toString());
  }

  @Test
  void aFailedForgetIsRetriedAndTheFinalizerStays() {
    JobView failed = new JobView("repo-forget-1", JobView.JobState.FAILED, 2, "BackoffLimitExceeded", null,
        NOW.minus(Duration.ofMinutes(1)));
    BackupForget.Outcome soon = decide(deleted(), List.of(job(failed)));
    assertFalse(soon.actions().contains(FINALIZER_OFF), soon.actions().toString());
    assertEquals(Duration.ofMinutes(4), soon.requeueAfter(), "retried 5 minutes after the failure");

    JobView older = new JobView("repo-forget-1", JobView.JobState.FAILED, 2, "BackoffLimitExceeded", null,
        NOW.minus(Duration.ofMinutes(6)));
    BackupForget.Outcome retry = decide(deleted(), List.of(job(older)));
    assertFalse(retry.actions().contains(FINALIZER_OFF), retry.actions().toString());
    assertTrue(retry.actions().contains(new Action.DeleteJob("repo-forget-1")), "the failed Job goes; a new one follows");
  }

  @Test
  void noRepositoryNoSnapshotOrAnotherNamespacesSnapshotLetGoWithoutAJob() {
    BackupForget.Outcome gone = BackupForget.decide(deleted(), new BackupForget.Observation(false, List.of(), List.of()), NOW);
    assertTrue(gone.actions().contains(FINALIZER_OFF));

    Backup never = deleted();
    never.getStatus().snapshotId = null;
    assertEquals(List.of(FINALIZER_OFF), decide(never, List.of()).actions());

    Backup imported = deleted();
    imported.getSpec().imported = true;
    imported.getSpec().snapshot = new ImportedSnapshot();
    imported.getSpec().snapshot.id = SNAPSHOT;
    imported.getSpec().snapshot.hostname = "team-b";
    BackupForget.Outcome foreign = decide(imported, List.of());
    assertTrue(foreign.actions().contains(FINALIZER_OFF), foreign.actions().toString());
    assertTrue(foreign.actions().stream().noneMatch(Action.CreateJob.class::isInstance), "team-b's snapshot is kept");
    assertTrue(foreign.actions().stream().anyMatch(a -> a instanceof Action.RecordEvent e
        && e.message().contains("made in namespace team-b")), foreign.actions().toString());

    imported.getSpec().snapshot.hostname = "prod";
    assertTrue(decide(imported, List.of()).actions().stream().anyMatch(Action.CreateJob.class::isInstance),
        "an imported snapshot of its own namespace is forgotten as any other");
  }
}
