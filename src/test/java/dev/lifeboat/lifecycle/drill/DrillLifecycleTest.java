package dev.lifeboat.lifecycle.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.Drill;
import dev.lifeboat.api.DrillPhase;
import dev.lifeboat.api.DrillSpec;
import dev.lifeboat.api.DrillStatus;
import dev.lifeboat.api.Restore;
import dev.lifeboat.api.RestoreMode;
import dev.lifeboat.api.RestorePhase;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.lifecycle.Fixtures;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.drill.DrillObservation.Chosen;
import dev.lifeboat.lifecycle.drill.DrillObservation.Owned;
import dev.lifeboat.lifecycle.drill.DrillObservation.RestoreView;
import dev.lifeboat.lifecycle.drill.DrillObservation.ScratchSize;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrillLifecycleTest {
  private static final Instant T0 = Instant.parse("2026-12-03T02:00:00Z");
  private static final ScratchSize SIZE = new ScratchSize("1Gi", "standard");

  private static Drill drill(List<String> verify) {
    Drill d = new Drill();
    d.getMetadata().setName("d1");
    d.getMetadata().setNamespace("ns");
    d.getMetadata().setUid("uid-d1");
    d.setSpec(new DrillSpec());
    d.getSpec().backup = "b1";
    d.getSpec().verifyCommand = verify;
    return d;
  }

  private static Chosen backup(BackupPhase phase, String missing) {
    return new Chosen("b1", phase, "data", "pvc", "repo", "abc123", T0.minus(Duration.ofHours(3)), missing);
  }

  private static DrillObservation seen(Chosen b, Owned scratch, Owned restore, RestoreView view,
      dev.lifeboat.lifecycle.JobView verify) {
    return new DrillObservation(b, null, SIZE, scratch, restore, view, verify);
  }

  /** Runs one pass and puts its status on the drill, as the engine's write would. */
  private static Decision<DrillStatus> pass(Drill d, DrillObservation o, Instant now) {
    Decision<DrillStatus> decision = DrillLifecycle.decide(d, o, now);
    d.setStatus(decision.status());
    return decision;
  }

  private static <A extends Action> List<A> of(Decision<?> d, Class<A> type) {
    return d.actions().stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void aGoodDrillCreatesItsScratchThenItsRestoreAndDeletesThemAfterTheSuccessIsRecorded() {
    Drill d = drill(null);
    Decision<DrillStatus> first = pass(d, seen(backup(BackupPhase.Ready, null), Owned.ABSENT, Owned.ABSENT, null, null), T0);
    assertEquals(DrillPhase.Restoring, first.status().phase);
    assertEquals(List.of(new Action.CreateScratchClaim("d1-scratch", "data", "1Gi", "standard")),
        of(first, Action.CreateScratchClaim.class));
    assertEquals(3 * 3600, first.status().backupAgeSeconds);
    assertTrue(of(first, Action.CreateRestore.class).isEmpty(), "no Restore before the scratch is seen to be the drill's");

    Decision<DrillStatus> second = pass(d, seen(null, Owned.OURS, Owned.ABSENT, null, null), T0.plusSeconds(1));
    Restore r = of(second, Action.CreateRestore.class).get(0).restore();
    assertEquals("d1-drill", r.getMetadata().getName());
    assertEquals("d1-scratch", r.getSpec().target.pvc);
    assertEquals("b1", r.getSpec().backup);
    assertEquals(RestoreMode.Replace, r.getSpec().mode);
    assertEquals("uid-d1", r.getMetadata().getOwnerReferences().get(0).getUid());

    Decision<DrillStatus> done = pass(d, seen(null, Owned.OURS, Owned.OURS,
        new RestoreView(RestorePhase.Completed, "restored", 12L, 3000L), null), T0.plusSeconds(42));
    assertEquals(DrillPhase.Succeeded, done.status().phase);
    assertEquals(42, done.status().rtoSeconds);
    assertEquals(12, done.status().restoredFiles);
    assertTrue(of(done, Action.DeleteScratch.class).isEmpty(), "the scratch goes once the success is recorded");
    assertEquals(Boolean.FALSE, done.status().scratchDeleted);

    Decision<DrillStatus> cleanup = pass(d, seen(null, Owned.OURS, Owned.OURS, null, null), T0.plusSeconds(43));
    assertEquals(List.of(new Action.DeleteScratch("d1-drill", null, "d1-scratch")), of(cleanup, Action.DeleteScratch.class));
    assertEquals(Boolean.TRUE, cleanup.status().scratchDeleted);
    assertEquals(DrillPhase.Succeeded, cleanup.status().phase);
  }

  @Test
  void aVerifyCommandRunsAsAJobAndItsFailureFailsTheDrillKeepingTheScratch() {
    Drill d = drill(List.of("/bin/sh", "-c", "false"));
    pass(d, seen(backup(BackupPhase.Ready, null), Owned.ABSENT, Owned.ABSENT, null, null), T0);
    Decision<DrillStatus> restored = pass(d, seen(null, Owned.OURS, Owned.OURS,
        new RestoreView(RestorePhase.Completed, "restored", 3L, 30L), null), T0.plusSeconds(10));
    assertEquals(DrillPhase.Verifying, restored.status().phase);
    assertEquals(List.of(new Action.CreateJob(JobPurpose.DRILL_VERIFY, "d1-drill-verify")),
        of(restored, Action.CreateJob.class));
    Decision<DrillStatus> failed = pass(d, seen(null, Owned.OURS, Owned.OURS, null,
        Fixtures.failed("d1-drill-verify", 1, "exit code 1")), T0.plusSeconds(20));
    assertEquals(DrillPhase.Failed, failed.status().phase);
    assertTrue(failed.status().failure.startsWith("the verify command failed"), failed.status().failure);
    assertEquals(T0.plusSeconds(20).plus(Duration.ofHours(24)).toString(), failed.status().scratchKeptUntil);
    assertTrue(of(failed, Action.DeleteScratch.class).isEmpty());
    assertEquals(Duration.ofHours(24), failed.requeueAfter());

    Decision<DrillStatus> early = pass(d, seen(null, Owned.OURS, Owned.OURS, null, null), T0.plusSeconds(3600));
    assertTrue(of(early, Action.DeleteScratch.class).isEmpty(), "kept for its 24 hours");
    Decision<DrillStatus> late = pass(d, seen(null, Owned.OURS, Owned.OURS, null, null), T0.plus(Duration.ofHours(25)));
    assertEquals(List.of(new Action.DeleteScratch("d1-drill", "d1-drill-verify", "d1-scratch")),
        of(late, Action.DeleteScratch.class));
    assertEquals(DrillPhase.Failed, late.status().phase);
  }

  @Test
  void aFailedRestoreFailsTheDrillWithItsWords() {
    Drill d = drill(null);
    pass(d, seen(backup(BackupPhase.Ready, null), Owned.ABSENT, Owned.ABSENT, null, null), T0);
    Decision<DrillStatus> failed = pass(d, seen(null, Owned.OURS, Owned.OURS,
        new RestoreView(RestorePhase.Failed, "failed: restic restore failed: pack 1234 not found", null, null), null), T0);
    assertEquals(DrillPhase.Failed, failed.status().phase);
    assertTrue(failed.status().failure.contains("pack 1234 not found"), failed.status().failure);
  }

  @Test
  void aMissingSnapshotFailsAtOnceAndTouchesNothing() {
    Decision<DrillStatus> d = pass(drill(null), seen(backup(BackupPhase.Ready, "forgotten by hand"), Owned.ABSENT,
        Owned.ABSENT, null, null), T0);
    assertEquals(DrillPhase.Failed, d.status().phase);
    assertTrue(d.status().failure.contains("snapshot is gone") && d.status().failure.contains("forgotten by hand"));
    assertTrue(d.actions().stream().allMatch(Action.RecordEvent.class::isInstance), "only an Event: " + d.actions());
    assertNull(d.status().scratchPvc);
  }

  @Test
  void aRunningBackupIsWaitedForAndAFailedOneRefused() {
    Decision<DrillStatus> waiting = pass(drill(null), seen(backup(BackupPhase.Running, null), Owned.ABSENT, Owned.ABSENT,
        null, null), T0);
    assertNull(waiting.status().phase == DrillPhase.Pending ? null : waiting.status().phase);
    assertTrue(waiting.status().message.contains("waiting for Backup b1"), waiting.status().message);
    assertTrue(waiting.actions().isEmpty());
    Decision<DrillStatus> refused = pass(drill(null), seen(backup(BackupPhase.Failed, null), Owned.ABSENT, Owned.ABSENT,
        null, null), T0);
    assertEquals(DrillPhase.Failed, refused.status().phase);
  }

  @Test
  void aClaimOrRestoreOfItsNamesThatIsNotTheDrillsIsNeverWrittenInto() {
    for (Owned[] taken : new Owned[][] {{Owned.FOREIGN, Owned.ABSENT}, {Owned.ABSENT, Owned.FOREIGN}}) {
      Decision<DrillStatus> d = pass(drill(null), seen(backup(BackupPhase.Ready, null), taken[0], taken[1], null, null), T0);
      assertEquals(DrillPhase.Failed, d.status().phase);
      assertTrue(d.status().failure.contains("is not this drill's"), d.status().failure);
      assertTrue(d.actions().stream().allMatch(Action.RecordEvent.class::isInstance), "only an Event: " + d.actions());
    }
  }

  @Test
  void specProblemsAreNamedByField() {
    Drill d = drill(List.of());
    d.getSpec().latestOfPvc = "data";
    d.getSpec().keepFailed = "forever";
    Decision<DrillStatus> bad = pass(d, seen(backup(BackupPhase.Ready, null), Owned.ABSENT, Owned.ABSENT, null, null), T0);
    assertEquals(DrillPhase.Failed, bad.status().phase);
    String why = bad.status().failure;
    assertTrue(why.contains("exactly one of spec.backup") && why.contains("spec.verifyCommand")
        && why.contains("spec.keepFailed"), why);
    assertNotNull(bad.status().completionTime);
  }

  @Test
  void noScratchSizeWhenTheClaimIsGoneAndNoneIsGiven() {
    Decision<DrillStatus> d = pass(drill(null), new DrillObservation(backup(BackupPhase.Ready, null), null, null,
        Owned.ABSENT, Owned.ABSENT, null, null), T0);
    assertEquals(DrillPhase.Failed, d.status().phase);
    assertTrue(d.status().failure.contains("spec.scratch.size"), d.status().failure);
  }

  @Test
  void aPostgresDrillIsOneJobAndAFailedOnesScratchDatabaseIsDroppedByAnotherAfterKeepFailed() {
    Drill d = drill(null);
    d.getSpec().keepFailed = "1h";
    Chosen pg = new Chosen("b1", BackupPhase.Ready, null, "postgres", "repo", "abc", T0, null);
    Decision<DrillStatus> first = pass(d, new DrillObservation(pg, null, null, Owned.ABSENT, Owned.ABSENT, null, null), T0);
    assertEquals(DrillPhase.Restoring, first.status().phase);
    assertEquals(List.of(new Action.CreateJob(JobPurpose.DRILL_RESTORE, "d1-drill-restore")),
        of(first, Action.CreateJob.class));
    assertTrue(first.status().scratchDatabase.matches("lifeboat_drill_[0-9a-f]{10}"), first.status().scratchDatabase);
    assertTrue(of(first, Action.CreateScratchClaim.class).isEmpty(), "no claim for a database");

    Decision<DrillStatus> failed = pass(d, new DrillObservation(null, null, null, Owned.ABSENT, Owned.ABSENT, null, null,
        Fixtures.failed("d1-drill-restore", 1, "the check query returned \"0\"")), T0.plusSeconds(9));
    assertEquals(DrillPhase.Failed, failed.status().phase);
    assertTrue(failed.status().message.contains("scratch database lifeboat_drill_"), failed.status().message);
    Decision<DrillStatus> drop = pass(d, new DrillObservation(null, null, null, Owned.ABSENT, Owned.ABSENT, null, null,
        null), T0.plus(Duration.ofHours(2)));
    assertEquals(List.of(new Action.CreateJob(JobPurpose.DRILL_CLEANUP, "d1-drill-cleanup")), of(drop, Action.CreateJob.class));
    Decision<DrillStatus> dropped = pass(d, new DrillObservation(null, null, null, Owned.ABSENT, Owned.ABSENT, null, null,
        Fixtures.succeeded("d1-drill-cleanup", null)), T0.plus(Duration.ofHours(2)).plusSeconds(5));
    assertEquals(Boolean.TRUE, dropped.status().scratchDeleted);
    assertTrue(dropped.status().message.endsWith("dropped"), dropped.status().message);
  }

  @Test
  void aWholeServerDumpIsNotDrilled() {
    Chosen all = new Chosen("b1", BackupPhase.Ready, null, "pg_dumpall", "repo", "abc", T0, null);
    Decision<DrillStatus> d = pass(drill(null), new DrillObservation(all, null, null, Owned.ABSENT, Owned.ABSENT, null,
        null), T0);
    assertEquals(DrillPhase.Failed, d.status().phase);
    assertTrue(d.status().failure.contains("PostgreSQL databases (pg_dump)"), d.status().failure);
  }
}
