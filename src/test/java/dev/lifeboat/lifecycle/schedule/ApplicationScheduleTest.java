package dev.lifeboat.lifecycle.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupSource;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.api.ScheduleSpec;
import dev.lifeboat.lifecycle.Action;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Schedule of an application: one Backup per run carrying the schedule's source, skipped while a restore holds it. */
class ApplicationScheduleTest {
  private static final Instant RUN = Instant.parse("2026-11-30T03:00:00Z");

  private static Schedule schedule(BackupSource source) {
    Schedule s = new Schedule();
    s.getMetadata().setName("db-nightly");
    s.getMetadata().setNamespace("prod");
    s.getMetadata().setUid("uid-1");
    s.setSpec(new ScheduleSpec());
    s.getSpec().cron = "0 3 * * *";
    s.getSpec().repository = "repo";
    s.getSpec().source = source;
    return s;
  }


  private static ScheduleObservation observed(Map<String, String> locks) {
    return new ScheduleObservation(null, ZoneId.of("UTC"), List.of(), true, List.of("postgres"), List.of(), locks,
        ScheduleObservation.CronJobState.ABSENT);
  }

  @Test
  void aRunCreatesOneBackupOfTheApplication() {
    ScheduleRuns.Run run = ScheduleRuns.run(schedule(dev.lifeboat.lifecycle.Fixtures.postgresSource()), observed(Map.of()), RUN, false);
    assertEquals(List.of("db-nightly-postgres-202611300300"), run.created());
    Backup backup = ((Action.CreateBackup) run.actions().get(0)).backup();
    assertEquals("app", backup.getSpec().source.postgres.database);
    assertEquals(null, backup.getSpec().source.pvc);
    assertEquals("postgres", ScheduleSpec.unitOf(backup.getSpec().source));
    assertTrue(backup.getSpec().tags.contains("schedule=db-nightly"));
  }

  @Test
  void aRunSkipsTheApplicationWhileARestoreHoldsIt() {
    ScheduleRuns.Run run = ScheduleRuns.run(schedule(dev.lifeboat.lifecycle.Fixtures.postgresSource()), observed(Map.of("postgres", "Restore/prod/back")), RUN,
        false);
    assertTrue(run.actions().isEmpty());
    assertEquals(Map.of("postgres", "locked by Restore prod/back"), run.skipped());
  }

  @Test
  void aScheduleOfAClaimAsSourceOrOfTwoSourcesIsRefused() {
    BackupSource claim = new BackupSource("data");
    List<String> problems = ScheduleValidation.problems(schedule(claim), observed(Map.of()));
    assertTrue(problems.contains("source.pvc: use spec.pvc (or pvcSelector) for claims; spec.source is for applications"),
        problems.toString());
    Schedule both = schedule(dev.lifeboat.lifecycle.Fixtures.postgresSource());
    both.getSpec().pvc = "data";
    assertTrue(ScheduleValidation.problems(both, observed(Map.of()))
        .contains("source: set exactly one of pvc, pvcSelector and source"));
    BackupSource bad = dev.lifeboat.lifecycle.Fixtures.postgresSource();
    bad.postgres.user = null;
    assertTrue(ScheduleValidation.problems(schedule(bad), observed(Map.of()))
        .contains("source.postgres.user is required (the role pg_dump connects as)"));
  }
}
