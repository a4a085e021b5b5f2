package dev.lifeboat.lifecycle.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.SchedulePhase;
import dev.lifeboat.api.ScheduleSpec;
import dev.lifeboat.api.ScheduleStatus;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Schedule lifecycle, decision by decision. ScheduleTimeTravelTest runs it over weeks. */
class ScheduleLifecycleTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  @Test
  void everyProblemIsListedAndNothingRuns() {
    ScheduleWorld w = new ScheduleWorld("61 * * * *", null, "2026-11-24T09:00:00Z")
        .retention(r -> r.keepDaily = -1);
    w.schedule.getSpec().pvc = "db";
    w.repositoryExists = false;
    Decision<ScheduleStatus> d = w.pass(T0);
    assertEquals(SchedulePhase.FailedValidation, d.status().phase);
    String message = d.status().message;
    assertTrue(message.startsWith("cron: '61 * * * *' is not a valid cron expression"), message);
    assertTrue(message.contains("; source: set exactly one of pvc, pvcSelector and source"), message);
    assertTrue(message.contains("; repository: Repository \"repo\" does not exist in namespace prod"), message);
    assertTrue(message.contains("; retention.keepDaily is -1"), message);
    assertEquals(List.of(), w.created());
    assertEquals(1, w.events("FailedValidation").size());
    w.pass(T0.plusSeconds(60));
    assertEquals(1, w.events("FailedValidation").size(), "the same problems are reported once");
    w.repositoryExists = true;
    w.schedule.getSpec().cron = "@hourly";
    w.schedule.getSpec().pvc = null;
    w.schedule.getSpec().retention.keepDaily = 3;
    assertEquals(SchedulePhase.Enabled, w.pass(T0.plusSeconds(120)).status().phase);
  }

  @Test
  void aRunCreatesOneBackupPerClaimNamedForTheRun() {
    ScheduleWorld w = new ScheduleWorld("0 * * * *", null, "2026-11-24T09:30:00Z");
    w.schedule.getSpec().backupTemplate = new dev.lifeboat.api.BackupTemplate();
    w.schedule.getSpec().backupTemplate.tags.add("tier=gold");
    w.schedule.getSpec().backupTemplate.timeout = "30m";
    Decision<ScheduleStatus> d = w.pass(T0.plusSeconds(5));
    assertEquals(List.of("nightly-a-202611241000", "nightly-b-202611241000", "nightly-c-202611241000"), w.created());
    assertEquals("2026-11-24T10:00:00Z", d.status().lastScheduleTime);
    assertEquals("2026-11-24T11:00:00Z", d.status().nextScheduleTime);
    assertEquals(Duration.ofMinutes(15), d.requeueAfter(), "the next run is 59m55s away: looked at again in 15m anyway");
    Backup b = ((Action.CreateBackup) d.actions().get(0)).backup();
    assertEquals("a", b.getSpec().source.pvc);
    assertEquals(List.of("tier=gold", "schedule=nightly"), b.getSpec().tags);
    assertEquals("30m", b.getSpec().timeout);
    assertTrue(b.getSpec().forgetsOnDelete());
    assertEquals(List.of(Labels.FORGET_FINALIZER), b.getMetadata().getFinalizers());
    assertEquals("nightly", b.getMetadata().getLabels().get(Labels.SCHEDULE));
    assertEquals("a", b.getMetadata().getLabels().get(Labels.PVC));
    assertTrue(b.getMetadata().getOwnerReferences() == null || b.getMetadata().getOwnerReferences().isEmpty(),
        "no owner reference: a deleted Schedule's Backups (and snapshots) are not garbage-collected");
    assertEquals("nightly", b.getMetadata().getAnnotations().get(Labels.OWNER_NAME));
    assertEquals("2026-11-24T10:00:00Z", b.getMetadata().getAnnotations().get(Labels.SCHEDULED_TIME));
    w.pass(T0.plusSeconds(65));
    assertEquals(3, w.created().size(), "the run is done: nothing more until 11:00");
  }

  @Test
  void aRunInterruptedAfterSomeCreatesCompletesWithoutDuplicates() {
    ScheduleWorld w = new ScheduleWorld("0 * * * *", null, "2026-11-24T09:30:00Z");
    Decision<ScheduleStatus> d = ScheduleLifecycle.decide(w.schedule, w.observation(), T0.plusSeconds(5));
    w.apply(List.of(d.actions().get(0)), T0); // crashed after the first create, status not written
    w.actions.clear();
    w.pass(T0.plusSeconds(30));
    assertEquals(List.of("nightly-b-202611241000", "nightly-c-202611241000"), w.created());
  }

  @Test
  void forbidSkipsAClaimWhosePreviousBackupIsUnfinishedAndALockedClaim() {
    ScheduleWorld w = new ScheduleWorld("0 * * * *", null, "2026-11-24T08:30:00Z");
    w.pass(T0.minusSeconds(3595)); // the 09:00 run
    w.finishAll(BackupPhase.Ready, T0.minusSeconds(3000));
    w.backups.put("nightly-a-202611240900", new ScheduledBackup("nightly-a-202611240900", "a", BackupPhase.Running,
        T0.minusSeconds(3600), null, null, false));
    w.locks.put("b", "Restore/prod/r1");
    w.actions.clear();
    Decision<ScheduleStatus> d = w.pass(T0.plusSeconds(5));
    assertEquals(List.of("nightly-c-202611241000"), w.created());
    assertTrue(d.status().message.contains("skipped pvc a: Backup nightly-a-202611240900 is still Running"
        + " (concurrencyPolicy Forbid)"), d.status().message);
    assertTrue(d.status().message.contains("skipped pvc b: locked by Restore prod/r1"), d.status().message);
    assertEquals(1, w.events("Scheduled").size());
    assertTrue(d.status().pvcs.stream().anyMatch(p -> p.pvc.equals("a") && p.message.startsWith("skipped the run of")));

    ScheduleWorld allow = new ScheduleWorld("0 * * * *", null, "2026-11-24T09:30:00Z");
    allow.schedule.getSpec().concurrencyPolicy = ScheduleSpec.ConcurrencyPolicy.Allow;
    allow.backups.put("old", new ScheduledBackup("old", "a", BackupPhase.Running, T0.minusSeconds(3600), null, null, false));
    allow.pass(T0.plusSeconds(5));
    assertEquals(3, allow.created().size());
  }

  @Test
  void retentionExpiresPerClaimOnlyWhenNothingIsUnfinished() {
    ScheduleWorld w = new ScheduleWorld("0 * * * *", null, "2026-11-24T05:30:00Z").retention(r -> r.keepLast = 2);
    w.pvcs.retainAll(List.of("a"));
    Instant t = Instant.parse("2026-11-24T06:00:00Z");
    for (int i = 0; i < 4; i++, t = t.plusSeconds(3600)) {
      w.pass(t.plusSeconds(5));
      w.finishAll(i == 0 ? BackupPhase.Failed : BackupPhase.Ready, t.plusSeconds(60));
    }
    // 06:00 failed, 07:00 08:00 09:00 ready: a run at 10:00 is unfinished, so nothing expires yet.
    w.actions.clear();
    w.pass(t.plusSeconds(5));
    assertEquals(List.of(), w.events("Expired"));
    w.finishAll(BackupPhase.Ready, t.plusSeconds(60));
    w.pass(t.plusSeconds(70));
    assertEquals(List.of("Backup nightly-a-202611240800 of pvc a: not kept by the retention policy",
        "Backup nightly-a-202611240700 of pvc a: not kept by the retention policy",
        "Backup nightly-a-202611240600 of pvc a: failed, and older than the newest kept Backup"), w.events("Expired"));
    assertEquals(List.of("nightly-a-202611240900", "nightly-a-202611241000"), List.copyOf(w.backups.keySet()));
  }

  @Test
  void suspendedSchedulesDoNotRunButARunNowDoes() {
    ScheduleWorld w = new ScheduleWorld("* * * * *", null, "2026-11-24T09:00:00Z");
    w.schedule.getSpec().suspend = true;
    Decision<ScheduleStatus> d = w.pass(T0);
    assertEquals(SchedulePhase.Suspended, d.status().phase);
    assertNull(d.status().nextScheduleTime);
    assertEquals(List.of(), w.created());
    ScheduleRuns.Run run = ScheduleLifecycle.runNow(w.schedule, w.observation(), T0.plusSeconds(7));
    assertEquals(List.of("nightly-a-20261124100007000", "nightly-b-20261124100007000", "nightly-c-20261124100007000"),
        run.created());
    assertEquals(3, run.actions().size());
  }

  @Test
  void cronJobModeOwnsACronJobInsteadOfRunning() {
    ScheduleWorld w = new ScheduleWorld("* * * * *", null, "2026-11-24T09:00:00Z");
    w.schedule.getSpec().mode = ScheduleSpec.ScheduleMode.CronJob;
    Decision<ScheduleStatus> d = w.pass(T0);
    assertEquals(List.of(new Action.EnsureCronJob("nightly-backup")), d.actions());
    assertEquals(List.of(), w.created());
    w.cronJob = ScheduleObservation.CronJobState.CURRENT;
    assertEquals(List.of(), w.pass(T0.plusSeconds(60)).actions());
    w.schedule.getSpec().mode = ScheduleSpec.ScheduleMode.Controller;
    assertTrue(w.pass(T0.plusSeconds(120)).actions().contains(new Action.DeleteCronJob("nightly-backup")));
  }

  @Test
  void aClaimThatDisappearsIsSkippedWithAnEvent() {
    ScheduleWorld w = new ScheduleWorld("0 * * * *", null, "2026-11-24T08:30:00Z");
    w.pass(T0.minusSeconds(3595));
    w.finishAll(BackupPhase.Ready, T0.minusSeconds(3000));
    w.pvcs.remove("c");
    w.actions.clear();
    Decision<ScheduleStatus> d = w.pass(T0.plusSeconds(5));
    assertEquals(List.of("nightly-a-202611241000", "nightly-b-202611241000"), w.created());
    assertEquals(List.of("pvc c no longer exists or no longer matches: not backed up since nightly-c-202611240900"),
        w.events("PvcGone"));
    assertEquals("Ready", d.status().pvcs.stream().filter(p -> p.pvc.equals("c")).findFirst().orElseThrow().result);
    w.pvcs.clear();
    w.actions.clear();
    w.pass(T0.plusSeconds(3605));
    assertEquals(1, w.events("NoMatchingPvcs").size());
  }
}
