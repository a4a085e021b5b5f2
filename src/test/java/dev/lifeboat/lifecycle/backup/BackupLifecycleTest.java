package dev.lifeboat.lifecycle.backup;

import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Conditions;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.lifecycle.Fixtures;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.lifecycle.ResticPin;
import dev.lifeboat.lifecycle.JobView;

import static dev.lifeboat.lifecycle.Fixtures.backup;
import static dev.lifeboat.lifecycle.Fixtures.failed;
import static dev.lifeboat.lifecycle.Fixtures.succeeded;
import static dev.lifeboat.lifecycle.Fixtures.verifiedSnapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.BackupStatus;
import dev.lifeboat.api.RepositoryPhase;
import dev.lifeboat.lifecycle.PvcState;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every (phase, observation) row of the Backup state machine: the phase it moves to and the Jobs it creates. */
class BackupLifecycleTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final String ID = "c25a6733316309607563627a2488e5122833b449b685895f77ff637b43b1a11e";

  private static BackupObservation obs(RepositoryPhase repo, PvcState pvc, JobView backupJob, JobView verifyJob) {
    return new BackupObservation(repo, repo == RepositoryPhase.Failed ? "wrong password" : null, pvc, backupJob, verifyJob,
        null);
  }

  static Stream<Arguments> table() {
    JobView active = JobView.active("nightly-backup");
    JobView ok = succeeded("nightly-backup", verifiedSnapshot(ID, false));
    JobView okUnverified = succeeded("nightly-backup", new JobReport(true, null, null, null, null, null, null));
    JobView jobFailed = failed("nightly-backup", 3, "Fatal: unable to open repository");
    JobView verifyOk = succeeded("nightly-verify", verifiedSnapshot(ID, false));
    JobView verifyFailed = failed("nightly-verify", 1, "no snapshot tagged backup=nightly");
    return Stream.of(
        // phase, repository, pvc, backup job, verify job -> phase, job created, message contains
        row(null, RepositoryPhase.Ready, PvcState.BOUND, null, null, BackupPhase.Running, JobPurpose.BACKUP, "running"),
        row(BackupPhase.Pending, RepositoryPhase.Ready, PvcState.BOUND, null, null, BackupPhase.Running, JobPurpose.BACKUP, "running"),
        row(null, null, PvcState.BOUND, null, null, BackupPhase.Failed, null, "Repository \"repo\" not found"),
        row(null, RepositoryPhase.Failed, PvcState.BOUND, null, null, BackupPhase.Failed, null, "wrong password"),
        row(null, RepositoryPhase.Initializing, PvcState.BOUND, null, null, BackupPhase.Pending, null, "waiting for Repository"),
        row(null, RepositoryPhase.Unknown, PvcState.BOUND, null, null, BackupPhase.Pending, null, "waiting for Repository"),
        row(null, RepositoryPhase.Ready, PvcState.MISSING, null, null, BackupPhase.Failed, null, "PersistentVolumeClaim \"data\" not found"),
        row(null, RepositoryPhase.Ready, PvcState.TERMINATING, null, null, BackupPhase.Failed, null, "being deleted"),
        row(null, RepositoryPhase.Ready, PvcState.PENDING, null, null, BackupPhase.Pending, null, "to be bound"),
        // A Job exists while the status still says Pending: an earlier pass created it and stopped. Adopt it.
        row(BackupPhase.Pending, RepositoryPhase.Ready, PvcState.BOUND, active, null, BackupPhase.Running, null, "running"),
        row(BackupPhase.Pending, RepositoryPhase.Ready, PvcState.BOUND, ok, null, BackupPhase.Ready, null, "verified"),
        row(BackupPhase.Running, RepositoryPhase.Ready, PvcState.BOUND, active, null, BackupPhase.Running, null, "running"),
        row(BackupPhase.Running, RepositoryPhase.Ready, PvcState.BOUND, ok, null, BackupPhase.Ready, null, "verified"),
        row(BackupPhase.Running, RepositoryPhase.Ready, PvcState.BOUND, okUnverified, null, BackupPhase.Completed, JobPurpose.VERIFY, "verifying"),
        row(BackupPhase.Running, RepositoryPhase.Ready, PvcState.BOUND, jobFailed, null, BackupPhase.Failed, null, "unable to open repository"),
        row(BackupPhase.Running, RepositoryPhase.Ready, PvcState.BOUND, null, null, BackupPhase.Failed, null, "was deleted"),
        // The repository or PVC going away during a run does not change what the Job reports.
        row(BackupPhase.Running, null, PvcState.MISSING, ok, null, BackupPhase.Ready, null, "verified"),
        row(BackupPhase.Completed, RepositoryPhase.Ready, PvcState.BOUND, okUnverified, null, BackupPhase.Completed, JobPurpose.VERIFY, null),
        row(BackupPhase.Completed, RepositoryPhase.Ready, PvcState.BOUND, okUnverified, JobView.active("nightly-verify"), BackupPhase.Completed, null, null),
        row(BackupPhase.Completed, RepositoryPhase.Ready, PvcState.BOUND, okUnverified, verifyOk, BackupPhase.Ready, null, "verified"),
        row(BackupPhase.Completed, RepositoryPhase.Ready, PvcState.BOUND, okUnverified, verifyFailed, BackupPhase.Failed, null, "could not be verified"),
        // Terminal phases stay put whatever is observed.
        row(BackupPhase.Ready, null, PvcState.MISSING, null, null, BackupPhase.Ready, null, null),
        row(BackupPhase.Failed, RepositoryPhase.Ready, PvcState.BOUND, null, null, BackupPhase.Failed, null, null));
  }

  private static Arguments row(BackupPhase phase, RepositoryPhase repo, PvcState pvc, JobView job, JobView verify,
      BackupPhase expected, JobPurpose createdJob, String messagePart) {
    return Arguments.of(phase, repo, pvc, job, verify, expected, createdJob, messagePart);
  }

  @ParameterizedTest(name = "{0} + repo {1}, pvc {2}, job {3} -> {5}")
  @MethodSource("table")
  void transition(BackupPhase phase, RepositoryPhase repo, PvcState pvc, JobView job, JobView verify,
      BackupPhase expected, JobPurpose createdJob, String messagePart) {
    Backup backup = backup(phase);
    Decision<BackupStatus> d = BackupLifecycle.decide(backup, obs(repo, pvc, job, verify), NOW);
    assertEquals(expected, d.status().phase);
    List<Action.CreateJob> creates = d.actions().stream().filter(a -> a instanceof Action.CreateJob)
        .map(a -> (Action.CreateJob) a).toList();
    if (createdJob == null) {
      assertTrue(creates.isEmpty(), "no Job expected, got " + creates);
    } else {
      assertEquals(1, creates.size());
      assertEquals(createdJob, creates.get(0).purpose());
      assertEquals("nightly-" + createdJob.suffix(), creates.get(0).jobName());
    }
    if (messagePart != null) {
      assertTrue(d.status().message.contains(messagePart), d.status().message);
    }
    assertEquals(1L, d.status().observedGeneration);
  }

  /**
   * A Job's pod that cannot start (a scheduler with no node for it, a volume attached elsewhere) waits in Kubernetes
   * forever: the Backup says why while it waits, looks again on its own, and fails at spec.startTimeout.
   */
  @Test
  void aJobWhosePodDoesNotStartIsExplainedThenEndedAtTheStartTimeout() {
    String reason = "FailedScheduling: 0/3 nodes are available: 3 node(s) had untolerated taint {storage: true}.";
    JobView waiting = new JobView("nightly-backup", JobView.JobState.ACTIVE, 0, null, null, null, NOW.minusSeconds(30),
        reason);
    Decision<BackupStatus> meanwhile = BackupLifecycle.decide(backup(BackupPhase.Running),
        obs(RepositoryPhase.Ready, PvcState.BOUND, waiting, null), NOW);
    assertEquals(BackupPhase.Running, meanwhile.status().phase);
    assertEquals("backup Job nightly-backup: its pod has not started: " + reason, meanwhile.status().message);
    assertEquals(JobView.NOT_STARTED_RECHECK, meanwhile.requeueAfter(), "nothing else wakes it while the pod waits");

    Backup quick = backup(BackupPhase.Running);
    quick.getSpec().startTimeout = "20s";
    Decision<BackupStatus> ended = BackupLifecycle.decide(quick, obs(RepositoryPhase.Ready, PvcState.BOUND, waiting, null), NOW);
    assertEquals(BackupPhase.Failed, ended.status().phase);
    assertEquals("backup Job nightly-backup did not start within 20s (spec.startTimeout): " + reason,
        ended.status().message);
    assertTrue(ended.actions().contains(new Action.DeleteJob("nightly-backup")), "its pod never runs: " + ended.actions());

    JobView silent = new JobView("nightly-backup", JobView.JobState.ACTIVE, 0, null, null, null,
        NOW.minus(java.time.Duration.ofMinutes(10)), null);
    Decision<BackupStatus> atDefault = BackupLifecycle.decide(backup(BackupPhase.Running),
        obs(RepositoryPhase.Ready, PvcState.BOUND, silent, null), NOW);
    assertEquals(BackupPhase.Failed, atDefault.status().phase, "the default start timeout is 10 minutes");
    assertTrue(atDefault.status().message.endsWith("its pod stayed Pending, and Kubernetes gave no reason"),
        atDefault.status().message);
  }

  @Test
  void aClaimNoSecondPodMayMountFailsTheBackupAtOnce() {
    String problem = "PersistentVolumeClaim \"data\" is ReadWriteOncePod and pod/db-0 uses it: ...";
    Decision<BackupStatus> d = BackupLifecycle.decide(backup(null), new BackupObservation(RepositoryPhase.Ready, null,
        PvcState.BOUND, null, null, null, null, problem, null), NOW);
    assertEquals(BackupPhase.Failed, d.status().phase);
    assertEquals(problem, d.status().message);
    assertTrue(d.actions().stream().noneMatch(a -> a instanceof Action.CreateJob), "no Job that would wait forever");
  }

  @Test
  void aStartTimeoutThatIsNoDurationIsRefused() {
    Backup b = backup(null);
    b.getSpec().startTimeout = "ten minutes";
    Decision<BackupStatus> d = BackupLifecycle.decide(b, obs(RepositoryPhase.Ready, PvcState.BOUND, null, null), NOW);
    assertEquals(BackupPhase.Failed, d.status().phase);
    assertEquals("spec.startTimeout \"ten minutes\" is not a duration: use e.g. 90s, 30m or 2h", d.status().message);
  }

  /**
   * A Job's Complete condition can reach the controller before its pod's report does: a succeeded
   * Job without a report is waited for (bounded), never read as "not verified".
   */
  @Test
  void aSucceededJobWhoseReportIsLateIsWaitedForNotFailed() {
    JobView lateVerify = new JobView("nightly-verify", JobView.JobState.SUCCEEDED, 0, null, null, NOW.minusSeconds(5));
    Backup completed = backup(BackupPhase.Completed);
    Decision<BackupStatus> waiting = BackupLifecycle.decide(completed, obs(RepositoryPhase.Ready, PvcState.BOUND, null,
        lateVerify), NOW);
    assertEquals(BackupPhase.Completed, waiting.status().phase);
    assertEquals(JobView.REPORT_RECHECK, waiting.requeueAfter());
    assertTrue(waiting.actions().isEmpty(), "nothing done while the report is on its way: " + waiting.actions());

    JobView lateBackup = new JobView("nightly-backup", JobView.JobState.SUCCEEDED, 0, null, null, NOW.minusSeconds(5));
    Decision<BackupStatus> running = BackupLifecycle.decide(backup(BackupPhase.Running),
        obs(RepositoryPhase.Ready, PvcState.BOUND, lateBackup, null), NOW);
    assertEquals(BackupPhase.Running, running.status().phase);
    assertTrue(running.actions().isEmpty());

    // Past the grace period: a succeeded verify Job stands for the snapshot the backup reported.
    JobView lostReport = new JobView("nightly-verify", JobView.JobState.SUCCEEDED, 0, null, null, NOW.minusSeconds(120));
    completed.getStatus().snapshotId = ID;
    Decision<BackupStatus> ready = BackupLifecycle.decide(completed, obs(RepositoryPhase.Ready, PvcState.BOUND, null,
        lostReport), NOW);
    assertEquals(BackupPhase.Ready, ready.status().phase);
    assertEquals(ID, ready.status().snapshotId);
    // Without any snapshot ID there is nothing to stand on: Failed, saying why.
    completed.getStatus().snapshotId = null;
    Decision<BackupStatus> failed = BackupLifecycle.decide(completed, obs(RepositoryPhase.Ready, PvcState.BOUND, null,
        lostReport), NOW);
    assertEquals(BackupPhase.Failed, failed.status().phase);
    assertTrue(failed.status().message.contains("report never arrived"), failed.status().message);
  }

  @Test
  void readyCarriesSnapshotSummaryAndTimes() {
    Backup backup = backup(BackupPhase.Running);
    backup.getStatus().startTime = "2026-11-22T09:00:00Z";
    Decision<BackupStatus> d = BackupLifecycle.decide(backup, obs(RepositoryPhase.Ready, PvcState.BOUND,
        succeeded("nightly-backup", verifiedSnapshot(ID, false)), null), NOW);
    assertEquals(ID, d.status().snapshotId);
    assertEquals(10L, d.status().summary.totalFilesProcessed);
    assertEquals(NOW.toString(), d.status().completionTime);
    assertEquals("2026-11-22T09:00:00Z", d.status().startTime);
    assertEquals("True", Conditions.find(d.status().conditions, Conditions.READY).getStatus());
    assertNull(d.status().incomplete);
  }

  @Test
  void incompleteSnapshotIsReadyWithAWarningConditionAndEvent() {
    Decision<BackupStatus> d = BackupLifecycle.decide(backup(BackupPhase.Running), obs(RepositoryPhase.Ready,
        PvcState.BOUND, succeeded("nightly-backup", verifiedSnapshot(ID, true)), null), NOW);
    assertEquals(BackupPhase.Ready, d.status().phase);
    assertEquals(Boolean.TRUE, d.status().incomplete);
    assertNotNull(Conditions.find(d.status().conditions, Conditions.INCOMPLETE));
    assertTrue(d.actions().stream().anyMatch(a -> a instanceof Action.RecordEvent e
        && e.type() == Action.EventType.Warning && e.reason().equals("Incomplete")));
  }

  @Test
  void theResticAJobRanIsRecordedAndAnUntestedOneWarned() {
    Decision<BackupStatus> tested = BackupLifecycle.decide(backup(BackupPhase.Running), obs(RepositoryPhase.Ready,
        PvcState.BOUND, succeeded("nightly-backup", verifiedSnapshot(ID, false).withRestic(ResticPin.TESTED)), null), NOW);
    assertEquals(ResticPin.TESTED, tested.status().resticVersion);
    assertTrue(tested.actions().stream().noneMatch(a -> a instanceof Action.RecordEvent e && e.reason().equals("UntestedRestic")));
    Decision<BackupStatus> other = BackupLifecycle.decide(backup(BackupPhase.Running), obs(RepositoryPhase.Ready,
        PvcState.BOUND, succeeded("nightly-backup", verifiedSnapshot(ID, false).withRestic("0.17.3")), null), NOW);
    assertEquals(BackupPhase.Ready, other.status().phase, "a warning, not a failure");
    assertEquals("0.17.3", other.status().resticVersion);
    assertTrue(other.actions().stream().anyMatch(a -> a instanceof Action.RecordEvent e && e.type() == Action.EventType.Warning
        && e.reason().equals("UntestedRestic") && e.message().contains("0.17.3") && e.message().contains(ResticPin.TESTED)));
  }

  @Test
  void failureNamesAttemptsAndThePodsOwnWords() {
    Decision<BackupStatus> d = BackupLifecycle.decide(backup(BackupPhase.Running), obs(RepositoryPhase.Ready,
        PvcState.BOUND, failed("nightly-backup", 3, null), null), NOW);
    assertEquals(BackupPhase.Failed, d.status().phase);
    assertTrue(d.status().message.contains("3 attempt(s)"), d.status().message);
    assertTrue(d.status().message.contains("BackoffLimitExceeded"), d.status().message);
  }

  @Test
  void aBackupStartsWithItsJobAndWritesNothingOnTheClaim() {
    Decision<BackupStatus> start = BackupLifecycle.decide(backup(null), obs(RepositoryPhase.Ready, PvcState.BOUND, null, null), NOW);
    // The claim is Kubernetes' to protect (pvc-protection, while the Job's pod reads it): the Job and its Event only.
    assertEquals(List.of(Action.CreateJob.class, Action.RecordEvent.class),
        start.actions().stream().map(Object::getClass).toList(), start.actions().toString());
  }

  @Test
  void aLockedClaimKeepsTheBackupPending() {
    Decision<BackupStatus> d = BackupLifecycle.decide(backup(null), new BackupObservation(RepositoryPhase.Ready, null,
        PvcState.BOUND, null, null, "Restore/prod/r1"), NOW);
    assertEquals(BackupPhase.Pending, d.status().phase);
    assertTrue(d.status().message.contains("locked by Restore/prod/r1"), d.status().message);
    assertTrue(d.actions().isEmpty());
  }

  @Test
  void waitingAsksToBeLookedAtAgain() {
    Decision<BackupStatus> d = BackupLifecycle.decide(backup(null), obs(RepositoryPhase.Initializing, PvcState.BOUND,
        null, null), NOW);
    assertNotNull(d.requeueAfter());
  }

  @Test
  void aTimeoutThatIsNoDurationFailsAtOnceNamingTheField() {
    Backup b = backup(null);
    b.getSpec().timeout = "0s";
    Decision<BackupStatus> zero = BackupLifecycle.decide(b, obs(RepositoryPhase.Ready, PvcState.BOUND, null, null), NOW);
    assertEquals(BackupPhase.Failed, zero.status().phase);
    assertTrue(zero.status().message.startsWith("spec.timeout \"0s\" is zero"), zero.status().message);
    b.getSpec().timeout = "1x";
    Decision<BackupStatus> bad = BackupLifecycle.decide(b, obs(RepositoryPhase.Ready, PvcState.BOUND, null, null), NOW);
    assertEquals(BackupPhase.Failed, bad.status().phase);
    assertTrue(bad.status().message.contains("is not a duration"), bad.status().message);
    assertTrue(bad.actions().stream().noneMatch(a -> a instanceof Action.CreateJob), "no Job for a bad spec");
  }

  @Test
  void decideDoesNotChangeTheObjectItWasGiven() {
    Backup backup = backup(BackupPhase.Running);
    BackupLifecycle.decide(backup, obs(RepositoryPhase.Ready, PvcState.BOUND, failed("nightly-backup", 1, "x"), null), NOW);
    assertEquals(BackupPhase.Running, backup.getStatus().phase);
  }

  @Test
  void creatingTheJobAndSeeingItActiveWriteTheSameStatus() {
    Decision<BackupStatus> created = BackupLifecycle.decide(backup(null), obs(RepositoryPhase.Ready, PvcState.BOUND,
        null, null), NOW);
    Backup running = backup(null);
    running.setStatus(created.status());
    Decision<BackupStatus> active = BackupLifecycle.decide(running, obs(RepositoryPhase.Ready, PvcState.BOUND,
        JobView.active("nightly-backup"), null), NOW.plusSeconds(1));
    assertTrue(dev.lifeboat.api.Copies.sameJson(created.status(), active.status()),
        "the Job showing up as active must not cost a status write");
  }

  @Test
  void sameObservationTwiceGivesTheSameStatus() {
    Backup backup = backup(BackupPhase.Running);
    BackupObservation o = obs(RepositoryPhase.Ready, PvcState.BOUND, JobView.active("nightly-backup"), null);
    Decision<BackupStatus> first = BackupLifecycle.decide(backup, o, NOW);
    backup.setStatus(first.status());
    Decision<BackupStatus> second = BackupLifecycle.decide(backup, o, NOW.plusSeconds(5));
    assertTrue(dev.lifeboat.api.Copies.sameJson(first.status(), second.status()),
        "a steady state must not produce a status write");
  }
}
