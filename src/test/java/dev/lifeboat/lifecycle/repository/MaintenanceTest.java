package dev.lifeboat.lifecycle.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.MaintenanceRun;
import dev.lifeboat.api.MaintenanceTask;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.RepositoryPhase;
import dev.lifeboat.api.RepositoryStatus;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Conditions;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.lifecycle.Fixtures;
import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.lifecycle.JobView;
import dev.lifeboat.lifecycle.schedule.FireTimes;
import dev.lifeboat.schedule.CronSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Ready Repository's maintenance, case by case: when a run starts, what its end records. */
class MaintenanceTest {
  private static final Instant NOW = Instant.parse("2026-11-30T10:20:00Z");
  private static final String FULL_A = "a".repeat(64);
  private static final String FULL_B = "b".repeat(64);
  private static final String FULL_C = "c".repeat(64);

  private static Repository ready(Duration readyAgo) {
    Repository r = Fixtures.repository(RepositoryPhase.Ready, 1L, 1L);
    r.getStatus().readyTime = NOW.minus(readyAgo).toString();
    return r;
  }

  private static Map<MaintenanceTask, FireTimes> hourlyCheck() {
    Map<MaintenanceTask, FireTimes> fire = new EnumMap<>(MaintenanceTask.class);
    fire.put(MaintenanceTask.check, CronSchedule.parse("0 * * * *", null, "prod/repo/check"));
    fire.put(MaintenanceTask.prune, CronSchedule.parse("0 3 * * 0", null, "prod/repo/prune"));
    fire.put(MaintenanceTask.verify, CronSchedule.parse("30 4 * * *", null, "prod/repo/verify"));
    return fire;
  }

  private static MaintenanceObservation observe(Map<MaintenanceTask, FireTimes> fire, JobView job, String busy) {
    return new MaintenanceObservation(fire, null, job, busy, null, List.of());
  }

  private static Decision<RepositoryStatus> decide(Repository r, MaintenanceObservation observed) {
    return RepositoryLifecycle.decide(r, new RepositoryObservation(null, observed, null), NOW);
  }

  private static List<String> createdJobs(Decision<?> d) {
    return d.actions().stream().filter(a -> a instanceof Action.CreateJob).map(a -> ((Action.CreateJob) a).jobName()).toList();
  }

  private static List<String> events(Decision<?> d) {
    return d.actions().stream().filter(a -> a instanceof Action.RecordEvent)
        .map(a -> ((Action.RecordEvent) a).type() + " " + ((Action.RecordEvent) a).reason()).toList();
  }

  private static Repository running(MaintenanceTask task, String request) {
    Repository r = ready(Duration.ofDays(2));
    MaintenanceRun run = new MaintenanceRun();
    run.task = task;
    run.jobName = "repo-" + task + "-x";
    run.startTime = NOW.minusSeconds(90).toString();
    run.request = request;
    r.getStatus().running = run;
    return r;
  }

  private static JobView succeeded(String name, JobReport.MaintenanceSummary summary, String message) {
    return new JobView(name, JobView.JobState.SUCCEEDED, 0, null,
        new JobReport(true, message, null, null, null, null, null, summary), NOW.minusSeconds(5));
  }

  @Test
  void aNewRepositoryWaitsAnHourBeforeItsFirstScheduledRun() {
    Decision<RepositoryStatus> d = decide(ready(Duration.ofMinutes(30)), observe(hourlyCheck(), null, null));
    assertEquals(List.of(), createdJobs(d));
    assertNull(d.status().running);
    assertEquals("2026-11-30T11:00:00Z", d.status().find(MaintenanceTask.check).nextRun);
    assertEquals(Duration.ofMinutes(40).plusSeconds(1), d.requeueAfter(), "looks again at the next fire time");
  }

  @Test
  void aDueCronStartsOneJobNamedAfterItsFireTime() {
    Decision<RepositoryStatus> d = decide(ready(Duration.ofHours(3)), observe(hourlyCheck(), null, null));
    String expected = Maintenance.jobName("repo", MaintenanceTask.check, "scheduled 2026-11-30T10:00:00Z");
    assertEquals(List.of(expected), createdJobs(d));
    assertEquals(MaintenanceTask.check, d.status().running.task);
    assertEquals("2026-11-30T10:00:00Z", d.status().running.scheduled);
    assertEquals("2026-11-30T10:00:00Z", d.status().find(MaintenanceTask.check).lastScheduled);
    assertTrue(expected.startsWith("repo-check-"), expected);
  }

  @Test
  void aCrashBeforeTheStatusWriteAdoptsTheSameJob() {
    Repository r = ready(Duration.ofHours(3));
    Decision<RepositoryStatus> first = decide(r, observe(hourlyCheck(), null, null));
    // The Job was created, the status write was lost: the same inputs name the same Job (create is idempotent).
    Decision<RepositoryStatus> again = decide(r, observe(hourlyCheck(), null, null));
    assertEquals(createdJobs(first), createdJobs(again));
  }

  @Test
  void aRepositoryReadyBeforeReadyTimeWasRecordedCountsFromItsCreation() {
    Repository r = ready(Duration.ofHours(3));
    r.getStatus().readyTime = null;
    r.getMetadata().setCreationTimestamp(NOW.minus(Duration.ofHours(3)).toString());
    assertEquals(1, createdJobs(decide(r, observe(hourlyCheck(), null, null))).size());
    r.getMetadata().setCreationTimestamp(NOW.minus(Duration.ofMinutes(10)).toString());
    assertEquals(0, createdJobs(decide(r, observe(hourlyCheck(), null, null))).size());
  }

  @Test
  void runsMissedForAWeekBecomeOneCatchUpRun() {
    Repository r = ready(Duration.ofDays(10));
    r.getStatus().task(MaintenanceTask.check).lastScheduled = NOW.minus(Duration.ofDays(7)).toString();
    Decision<RepositoryStatus> d = decide(r, observe(hourlyCheck(), null, null));
    assertEquals(1, createdJobs(d).size());
    assertEquals("2026-11-30T10:00:00Z", d.status().find(MaintenanceTask.check).lastScheduled, "the latest fire time only");
  }

  @Test
  void aBusyRepositoryWaitsForItsBackupsAndLooksAgainSoon() {
    Decision<RepositoryStatus> d = decide(ready(Duration.ofHours(3)), observe(hourlyCheck(), null, "nightly-backup"));
    assertEquals(List.of(), createdJobs(d));
    assertNull(d.status().running);
    assertEquals(Duration.ofSeconds(30), d.requeueAfter());
  }

  @Test
  void aRequestRunsAtOnceWithItsOptionsAndIsServedOnce() {
    Repository r = ready(Duration.ofMinutes(5));
    r.getMetadata().setAnnotations(Map.of("lifeboat.dev/request-check", "r1;readDataSubset=10%"));
    Decision<RepositoryStatus> d = decide(r, observe(Map.of(), null, null));
    assertEquals(List.of(Maintenance.jobName("repo", MaintenanceTask.check, "request r1")), createdJobs(d));
    assertEquals("r1", d.status().running.request);
    assertEquals("readDataSubset=10%", d.status().running.options);

    r.getStatus().task(MaintenanceTask.check).lastRequest = "r1";
    assertEquals(List.of(), createdJobs(decide(r, observe(Map.of(), null, null))), "served already");
  }

  @Test
  void aRequestWithABadOptionIsIgnored() {
    Repository r = ready(Duration.ofMinutes(5));
    r.getMetadata().setAnnotations(Map.of("lifeboat.dev/request-check", "r1;readDataSubset=150%"));
    assertEquals(List.of(), createdJobs(decide(r, observe(Map.of(), null, null))));
  }

  @Test
  void whileItsJobRunsNothingElseStarts() {
    Repository r = running(MaintenanceTask.prune, null);
    r.getMetadata().setAnnotations(Map.of("lifeboat.dev/request-check", "r2"));
    Decision<RepositoryStatus> d = decide(r, observe(hourlyCheck(), JobView.active("repo-prune-x"), null));
    assertEquals(List.of(), createdJobs(d));
    assertEquals(MaintenanceTask.prune, d.status().running.task);
  }

  @Test
  void aPassedCheckSetsHealthyAndTheSize() {
    Repository r = running(MaintenanceTask.check, "r1");
    Decision<RepositoryStatus> d = decide(r, observe(Map.of(),
        succeeded("repo-check-x", new JobReport.MaintenanceSummary(null, 4096L, null, 0, 0, null), "no errors were found"), null));
    assertNull(d.status().running);
    var entry = d.status().find(MaintenanceTask.check);
    assertEquals("Succeeded", entry.result);
    assertEquals("r1", entry.lastRequest);
    assertEquals(85L, entry.durationSeconds);
    assertEquals(4096L, d.status().sizeBytes);
    assertEquals("True", Conditions.find(d.status().conditions, "Healthy").getStatus());
    assertEquals(List.of("Normal CheckPassed"), events(d));
  }

  @Test
  void aFailedCheckSetsHealthyFalseWithResticsWords() {
    Repository r = running(MaintenanceTask.check, null);
    JobView failed = Fixtures.failed("repo-check-x", 1, "restic check found damage: pack 1a2b3c4d: does not exist");
    Decision<RepositoryStatus> d = decide(r, observe(Map.of(), failed, null));
    var healthy = Conditions.find(d.status().conditions, "Healthy");
    assertEquals("False", healthy.getStatus());
    assertTrue(healthy.getMessage().contains("pack 1a2b3c4d: does not exist"), healthy.getMessage());
    assertEquals("Failed", d.status().find(MaintenanceTask.check).result);
    assertEquals(List.of("Warning CheckFailed"), events(d));
  }

  @Test
  void aPruneRecordsTheSpaceItReclaimed() {
    Repository r = running(MaintenanceTask.prune, null);
    Decision<RepositoryStatus> d = decide(r, observe(Map.of(),
        succeeded("repo-prune-x", new JobReport.MaintenanceSummary(10L << 20, 4L << 20, null, 0, 0, null), "pruned"), null));
    var entry = d.status().find(MaintenanceTask.prune);
    assertEquals(10L << 20, entry.sizeBefore);
    assertEquals(4L << 20, entry.sizeAfter);
    assertEquals(4L << 20, d.status().sizeBytes);
    assertEquals("reclaimed 6.0 MiB (10.0 MiB → 4.0 MiB)", entry.message);
  }

  @Test
  void aVerifyMarksMissingSnapshotsClearsFoundOnesAndCountsUnclaimed() {
    Repository r = running(MaintenanceTask.verify, null);
    List<SnapshotInfo> inventory = List.of(
        new SnapshotInfo(FULL_A, "2026-11-29T01:00:00Z", "prod", List.of("/data"), List.of("pvc=data")),
        new SnapshotInfo(FULL_C, "2026-11-29T02:00:00Z", "prod", List.of("/data"), List.of("pvc=data")));
    List<SnapshotClaim> claims = List.of(
        new SnapshotClaim("prod", "kept", FULL_A.substring(0, 8), true, false),
        new SnapshotClaim("prod", "gone", FULL_B, true, false),
        new SnapshotClaim("prod", "back", FULL_C, true, true),
        new SnapshotClaim("prod", "failed-one", "d".repeat(64), false, false));
    var observed = new MaintenanceObservation(Map.of(), null, succeeded("repo-verify-x", null, "2 snapshot(s) listed"),
        null, inventory, claims);
    Decision<RepositoryStatus> d = decide(r, observed);
    List<Action.MarkSnapshotMissing> marks = d.actions().stream().filter(a -> a instanceof Action.MarkSnapshotMissing)
        .map(a -> (Action.MarkSnapshotMissing) a).toList();
    assertEquals(2, marks.size());
    assertEquals("gone", marks.get(0).backup());
    assertTrue(marks.get(0).missing());
    assertEquals("back", marks.get(1).backup());
    assertFalse(marks.get(1).missing());
    assertEquals(2, d.status().snapshots);
    assertEquals(0, d.status().unclaimedSnapshots);
    assertEquals(1, d.status().missingSnapshots);
    assertTrue(events(d).contains("Warning SnapshotsMissing"), events(d).toString());
  }

  @Test
  void aVerifyWhoseListIsGoneFails() {
    Repository r = running(MaintenanceTask.verify, null);
    Decision<RepositoryStatus> d = decide(r, observe(Map.of(), succeeded("repo-verify-x", null, "listed"), null));
    assertEquals("Failed", d.status().find(MaintenanceTask.verify).result);
    assertTrue(d.status().find(MaintenanceTask.verify).message.contains("repo-snapshots"));
  }

  @Test
  void aDeletedJobEndsTheRunFailed() {
    Decision<RepositoryStatus> d = decide(running(MaintenanceTask.prune, null), observe(Map.of(), null, null));
    assertNull(d.status().running);
    assertEquals("Failed", d.status().find(MaintenanceTask.prune).result);
    assertTrue(d.status().find(MaintenanceTask.prune).message.contains("deleted before it finished"));
  }

  @Test
  void aReportOnItsWayIsWaitedFor() {
    JobView pending = new JobView("repo-check-x", JobView.JobState.SUCCEEDED, 0, null, null, NOW.minusSeconds(2));
    Decision<RepositoryStatus> d = decide(running(MaintenanceTask.check, null), observe(Map.of(), pending, null));
    assertNotNull(d.status().running);
    assertEquals(JobView.REPORT_RECHECK, d.requeueAfter());
  }

  @Test
  void aBadCronIsReportedOnceAndRequestsStillRun() {
    Repository r = ready(Duration.ofDays(1));
    r.getMetadata().setAnnotations(Map.of("lifeboat.dev/request-verify", "r9"));
    var observed = new MaintenanceObservation(Map.of(), "spec.maintenance: cron: 'nope' is not valid", null, null, null,
        List.of());
    Decision<RepositoryStatus> d = decide(r, observed);
    assertEquals("False", Conditions.find(d.status().conditions, "MaintenanceScheduled").getStatus());
    assertTrue(events(d).contains("Warning InvalidMaintenance"));
    assertEquals(1, createdJobs(d).size(), "the request runs");
    r.setStatus(d.status());
    r.getStatus().running = null;
    r.getStatus().task(MaintenanceTask.verify).lastRequest = "r9";
    assertFalse(events(decide(r, observed)).contains("Warning InvalidMaintenance"), "reported once");
  }

  @Test
  void importAfterVerifyCreatesBackupsForUnclaimedSnapshotsOnly() {
    Repository r = running(MaintenanceTask.verify, null);
    r.getSpec().importSnapshots = true;
    List<SnapshotInfo> inventory = List.of(
        new SnapshotInfo(FULL_A, "2026-11-29T01:00:00Z", "prod", List.of("/data"), List.of("backup=nightly", "pvc=data")),
        new SnapshotInfo(FULL_B, "2026-11-29T02:00:00Z", "prod", List.of("/data"), List.of("backup=other", "pvc=logs")));
    List<SnapshotClaim> claims = List.of(new SnapshotClaim("prod", "nightly", FULL_A, true, false));
    var observed = new MaintenanceObservation(Map.of(), null, succeeded("repo-verify-x", null, "listed"), null, inventory,
        claims, Map.of("prod", "repo"), java.util.Set.of("prod/nightly"));
    List<Action.CreateBackup> created = decide(r, observed).actions().stream().filter(a -> a instanceof Action.CreateBackup)
        .map(a -> (Action.CreateBackup) a).toList();
    assertEquals(1, created.size());
    assertEquals("other", created.get(0).backup().getMetadata().getName());
    assertEquals("logs", created.get(0).backup().getSpec().source.pvc);
    assertEquals(FULL_B, created.get(0).backup().getSpec().snapshot.id);
  }

  private static MaintenanceObservation withUrlLock(MaintenanceObservation o, UrlLock lock) {
    return new MaintenanceObservation(o.fireTimes(), o.scheduleProblem(), o.runningJob(), o.busyWith(), o.inventory(),
        o.claims(), o.sameUrl(), o.takenNames(), lock);
  }

  private static List<Action> urlActions(Decision<?> d) {
    return d.actions().stream().filter(a -> a instanceof Action.AcquireUrlLock || a instanceof Action.ReleaseUrlLock)
        .toList();
  }

  /** Repositories of several namespaces share one URL: a check or prune first takes the URL's Lease, then starts. */
  @Test
  void anExclusiveTaskTakesTheUrlsLeaseBeforeItsJobAndWaitsWhileAnotherNamespaceHoldsIt() {
    Repository r = ready(Duration.ofHours(3));
    String me = Maintenance.urlHolder(r);
    Decision<RepositoryStatus> free = decide(r, withUrlLock(observe(hourlyCheck(), null, null),
        new UrlLock("lifeboat-system", "lifeboat-url-x", null, false)));
    assertEquals(List.of(), createdJobs(free), "no Job before the Lease is ours");
    assertEquals(List.of(new Action.AcquireUrlLock("lifeboat-system", "lifeboat-url-x", me, false)), urlActions(free));

    Decision<RepositoryStatus> ours = decide(r, withUrlLock(observe(hourlyCheck(), null, null),
        new UrlLock("lifeboat-system", "lifeboat-url-x", me, false)));
    assertEquals(1, createdJobs(ours).size());
    assertEquals(List.of(), urlActions(ours));

    Decision<RepositoryStatus> theirs = decide(r, withUrlLock(observe(hourlyCheck(), null, null),
        new UrlLock("lifeboat-system", "lifeboat-url-x", "Repository/team-b/shared", false)));
    assertEquals(List.of(), createdJobs(theirs));
    assertEquals(List.of(), urlActions(theirs));
    assertEquals(Duration.ofSeconds(30), theirs.requeueAfter());

    Decision<RepositoryStatus> gone = decide(r, withUrlLock(observe(hourlyCheck(), null, null),
        new UrlLock("lifeboat-system", "lifeboat-url-x", "Repository/team-b/shared", true)));
    assertEquals(List.of(new Action.AcquireUrlLock("lifeboat-system", "lifeboat-url-x", me, true)), urlActions(gone),
        "a holder that is gone is taken over");
  }

  @Test
  void theUrlsLeaseIsReleasedWhenTheExclusiveJobEnds() {
    Repository r = running(MaintenanceTask.prune, null);
    String me = Maintenance.urlHolder(r);
    Decision<RepositoryStatus> d = decide(r, withUrlLock(observe(Map.of(), succeeded("repo-prune-x",
        new JobReport.MaintenanceSummary(10L, 5L, null, null, null, null), "pruned"), null),
        new UrlLock("lifeboat-system", "lifeboat-url-x", me, false)));
    assertNull(d.status().running);
    assertEquals(List.of(new Action.ReleaseUrlLock("lifeboat-system", "lifeboat-url-x", me)), urlActions(d));
  }

  @Test
  void aVerifyNeedsNoLeaseAndWaitsOnlyForJobsOfTheUrl() {
    Repository r = ready(Duration.ofHours(3));
    Map<MaintenanceTask, FireTimes> fire = new EnumMap<>(MaintenanceTask.class);
    fire.put(MaintenanceTask.verify, CronSchedule.parse("0 * * * *", null, "prod/repo/verify"));
    Decision<RepositoryStatus> d = decide(r, withUrlLock(observe(fire, null, null),
        new UrlLock("lifeboat-system", "lifeboat-url-x", "Repository/team-b/shared", false)));
    assertEquals(1, createdJobs(d).size(), "verify takes no exclusive lock: " + d.actions());
    Decision<RepositoryStatus> busy = decide(r, observe(fire, null, "team-b/nightly-backup"));
    assertEquals(List.of(), createdJobs(busy), "a backup Job of another namespace's Repository of the URL runs");
  }
}
