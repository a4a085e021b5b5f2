package dev.lifeboat.engine;

import dev.lifeboat.kinds.Kinds;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lifeboat.jobs.JobFactory;
import dev.lifeboat.jobs.JobSettings;
import dev.lifeboat.lifecycle.JobView;
import dev.lifeboat.support.MutableClock;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A Job the cache still shows active (its end lost with a watch event) is read from the server once per period. */
class ReconcileContextTest {
  private static Job job(boolean complete) {
    JobBuilder b = new JobBuilder().withNewMetadata().withName("b1-backup").withNamespace("ns").endMetadata();
    if (complete) {
      b.withNewStatus().withCompletionTime("2026-11-22T10:00:00Z").addNewCondition().withType("Complete")
          .withStatus("True").endCondition().endStatus();
    }
    return b.build();
  }

  @Test
  void aJobThatLooksActiveTooLongIsReadFromTheServer() {
    EngineConflictTest.FakeView cache = new EngineConflictTest.FakeView();
    cache.job = job(false);
    EngineConflictTest.FakeView live = new EngineConflictTest.FakeView();
    live.job = job(true);
    MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    ReconcileContext ctx = new ReconcileContext(cache, live, new ActionApplier(cache, new EngineConflictTest.RecordingWriter(), Kinds.reconcilers()),
        new JobFactory(new JobSettings("img", "sa", "IfNotPresent")), clock);

    assertEquals(JobView.JobState.ACTIVE, ctx.job("ns", "b1-backup", true).state(), "first sight: the cache is believed");
    clock.advance(Duration.ofSeconds(24));
    assertEquals(JobView.JobState.ACTIVE, ctx.job("ns", "b1-backup", true).state(), "within the period: no request");
    clock.advance(Duration.ofSeconds(1));
    assertEquals(JobView.JobState.SUCCEEDED, ctx.job("ns", "b1-backup", true).state(), "past it: the server's word");
  }

  @Test
  void theLongerAJobRunsTheLessOftenItIsReadAgain() {
    EngineConflictTest.FakeView cache = new EngineConflictTest.FakeView();
    cache.job = job(false);
    EngineConflictTest.FakeView live = new EngineConflictTest.FakeView();
    live.job = job(false); // the cache is right: the Job runs for two hours
    MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    ReconcileContext ctx = new ReconcileContext(cache, live, new ActionApplier(cache, new EngineConflictTest.RecordingWriter(), Kinds.reconcilers()),
        new JobFactory(new JobSettings("img", "sa", "IfNotPresent")), clock);
    java.util.List<Long> readAt = new java.util.ArrayList<>();
    for (int second = 0; second <= 7200; second += 5) { // reconciled every 5 s
      int before = live.jobReads;
      ctx.job("ns", "b1-backup", true);
      if (live.jobReads > before) {
        readAt.add((long) second);
      }
      clock.advance(Duration.ofSeconds(5));
    }
    assertEquals(java.util.List.of(25L, 75L, 175L, 375L, 775L, 1375L, 1975L, 2575L, 3175L, 3775L, 4375L, 4975L, 5575L,
        6175L, 6775L), readAt, "after 25 s, then twice as long each time, at most every 10 minutes");
  }

  /**
   * A lost event costs one resync, not two: the Job is first seen active by the pass its creation's event brings, a
   * moment after the pass that created it scheduled the resync; that resync must find the server read due.
   */
  @Test
  void theResyncAfterALostEventFindsTheJobDueForAReadFromTheServer() {
    EngineConflictTest.FakeView cache = new EngineConflictTest.FakeView();
    cache.job = job(false);
    EngineConflictTest.FakeView live = new EngineConflictTest.FakeView();
    live.job = job(true);
    MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    ReconcileContext ctx = new ReconcileContext(cache, live, new ActionApplier(cache, new EngineConflictTest.RecordingWriter(), Kinds.reconcilers()),
        new JobFactory(new JobSettings("img", "sa", "IfNotPresent")), clock);
    Instant resync = clock.instant().plus(Engine.UNSETTLED_RESYNC); // scheduled by the pass that created the Job
    clock.advance(Duration.ofSeconds(2)); // the Job's ADDED event brings the first sight of it, active
    assertEquals(JobView.JobState.ACTIVE, ctx.job("ns", "b1-backup", true).state());
    clock.advance(Duration.between(clock.instant(), resync)); // its end was lost: only the resync comes
    assertEquals(JobView.JobState.SUCCEEDED, ctx.job("ns", "b1-backup", true).state(), "read from the server at the resync");
  }

  private static dev.lifeboat.api.Backup backup(dev.lifeboat.api.BackupPhase phase) {
    dev.lifeboat.api.Backup b = new dev.lifeboat.api.Backup();
    b.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("b1").withNamespace("ns").build());
    b.setStatus(new dev.lifeboat.api.BackupStatus());
    b.getStatus().phase = phase;
    return b;
  }

  @Test
  void aBackupThatLooksUnfinishedTooLongIsReadFromTheServer() {
    EngineConflictTest.FakeView cache = new EngineConflictTest.FakeView();
    cache.backup = backup(dev.lifeboat.api.BackupPhase.Running);
    EngineConflictTest.FakeView live = new EngineConflictTest.FakeView();
    live.backup = backup(dev.lifeboat.api.BackupPhase.Ready);
    MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    ReconcileContext ctx = new ReconcileContext(cache, live, new ActionApplier(cache, new EngineConflictTest.RecordingWriter(), Kinds.reconcilers()),
        new JobFactory(new JobSettings("img", "sa", "IfNotPresent")), clock);
    java.util.function.Predicate<dev.lifeboat.api.Backup> running = b -> !b.getStatus().phase.isTerminal();

    assertEquals(dev.lifeboat.api.BackupPhase.Running, ctx.awaited(dev.lifeboat.api.Backup.class, "ns", "b1", true, running)
        .getStatus().phase, "first sight: the cache is believed");
    clock.advance(Duration.ofSeconds(24));
    assertEquals(dev.lifeboat.api.BackupPhase.Running, ctx.awaited(dev.lifeboat.api.Backup.class, "ns", "b1", true, running)
        .getStatus().phase, "within the period");
    assertEquals(0, live.backupReads, "no request within the period");
    clock.advance(Duration.ofSeconds(1));
    assertEquals(dev.lifeboat.api.BackupPhase.Ready, ctx.awaited(dev.lifeboat.api.Backup.class, "ns", "b1", true, running)
        .getStatus().phase, "past it: the server's word");
    assertEquals(1, live.backupReads);
    clock.advance(Duration.ofSeconds(5));
    assertEquals(dev.lifeboat.api.BackupPhase.Ready, ctx.awaited(dev.lifeboat.api.Backup.class, "ns", "b1", true, running)
        .getStatus().phase, "the cache still behind is not believed again: a wait over several passes does not resume");
    assertEquals(1, live.backupReads, "and no request for it");
    cache.backup = backup(dev.lifeboat.api.BackupPhase.Ready);
    assertEquals(dev.lifeboat.api.BackupPhase.Ready, ctx.awaited(dev.lifeboat.api.Backup.class, "ns", "b1", true, running)
        .getStatus().phase, "caught up: the cache again");
  }
}
