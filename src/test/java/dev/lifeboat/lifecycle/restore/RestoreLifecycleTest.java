package dev.lifeboat.lifecycle.restore;

import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.lifecycle.Fixtures;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.JobView;
import dev.lifeboat.lifecycle.Locks;
import dev.lifeboat.lifecycle.WorkloadView;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.PruneMode;
import dev.lifeboat.api.RepositoryPhase;
import dev.lifeboat.api.Restore;
import dev.lifeboat.api.RestorePhase;
import dev.lifeboat.api.RestoreSpec;
import dev.lifeboat.api.RestoreStatus;
import dev.lifeboat.api.SnapshotRef;
import dev.lifeboat.api.StopApplications;
import dev.lifeboat.lifecycle.PvcState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The Restore state machine, phase by phase, including the lock, failure, prune and abort paths. */
class RestoreLifecycleTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final String ME = "Restore/prod/r1";
  private static final String LEASE = Locks.leaseForPvc("prod", "data");
  private static final WorkloadView API_UP = new WorkloadView("deployment/api", true, 3, 3, 3);
  private static final WorkloadView DB_UP = new WorkloadView("statefulset/db", true, 1, 1, 1);
  private static final WorkloadView API_DOWN = new WorkloadView("deployment/api", true, 0, 0, 0);
  private static final WorkloadView DB_DOWN = new WorkloadView("statefulset/db", true, 0, 0, 0);
  private static final Map<String, Integer> SAVED = Map.of("deployment/api", 3, "statefulset/db", 1);

  /** A builder of observations: the happy defaults, changed per row. */
  private static final class Obs {
    boolean backupExists = true;
    BackupPhase backupPhase = BackupPhase.Ready;
    RepositoryPhase repositoryPhase = RepositoryPhase.Ready;
    PvcState target = PvcState.BOUND;
    String lockHolder;
    List<WorkloadView> workloads = List.of(API_UP, DB_UP);
    List<String> unknown = List.of();
    Map<String, Integer> saved = Map.of();
    Map<String, String> hibernated = Map.of();
    /** The check Job every restore but a command's runs first: found, fitting, with room, answering. */
    JobView check = Fixtures.succeeded("r1-check", Fixtures.verifiedSnapshot("c25a6733ffff", false));
    JobView restoreJob;
    JobView pruneJob;
    dev.lifeboat.api.BackupSource source;
    List<String> targetUsers = List.of();

    RestoreObservation build() {
      return new RestoreObservation(backupExists, backupPhase, source == null ? "data" : null, source, repositoryPhase, target, lockHolder, workloads,
          unknown, saved, hibernated, check, restoreJob, pruneJob, targetUsers, null);
    }
  }

  private static Restore restore(RestorePhase phase, Consumer<RestoreSpec> spec, Consumer<RestoreStatus> status) {
    Restore r = new Restore();
    r.getMetadata().setName("r1");
    r.getMetadata().setNamespace("prod");
    r.getMetadata().setGeneration(1L);
    r.setSpec(new RestoreSpec());
    r.getSpec().backup = "nightly";
    r.getSpec().stopApplications = new StopApplications();
    r.getSpec().stopApplications.workloads = new ArrayList<>(List.of("deployment/api", "statefulset/db"));
    spec.accept(r.getSpec());
    if (phase != null) {
      r.setStatus(new RestoreStatus());
      r.getStatus().phase = phase;
      status.accept(r.getStatus());
    }
    return r;
  }

  private static Restore restore(RestorePhase phase) {
    return restore(phase, s -> {}, s -> {});
  }

  private static Decision<RestoreStatus> decide(Restore r, Obs o) {
    return RestoreLifecycle.decide(r, o.build(), NOW);
  }

  private static <T extends Action> List<T> actions(Decision<?> d, Class<T> type) {
    return d.actions().stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static Consumer<RestoreStatus> locked(Map<String, Integer> saved) {
    return s -> {
      s.lockTaken = true;
      s.lockHolder = ME;
      s.targetPvc = "data";
      s.savedReplicas = new java.util.LinkedHashMap<>(saved);
      s.restoreJobName = "r1-restore";
    };
  }

  // --- Validating ---

  @Test
  void newRestoreTakesTheFreeLockAndStopsTheApplicationsInTheSamePass() {
    Decision<RestoreStatus> d = decide(restore(null), new Obs());
    assertEquals(RestorePhase.Stopping, d.status().phase);
    assertEquals(List.of(RestorePhase.Validating, RestorePhase.Stopping),
        d.status().history.stream().map(h -> h.phase).toList(), "both phases in the history");
    List<Action> order = d.actions().stream().filter(a -> !(a instanceof Action.RecordEvent)).toList();
    assertEquals(new Action.AcquireLock(LEASE, ME, false), order.get(0),
        "the lock first: a lock lost to another fails that write, and nothing after it is applied");
    assertTrue(order.subList(1, order.size()).stream().allMatch(a -> a instanceof Action.SaveReplicas
        || a instanceof Action.ScaleWorkload), order.toString());
    assertTrue(Boolean.TRUE.equals(d.status().lockTaken));
  }

  @Test
  void aTimeoutThatIsNoDurationFailsValidationTouchingNothing() {
    Decision<RestoreStatus> d = decide(restore(null, s -> s.timeout = "soon", s -> {}), new Obs());
    assertEquals(RestorePhase.Failed, d.status().phase);
    assertTrue(d.status().validationErrors.contains("spec.timeout \"soon\" is not a duration: use e.g. 90s, 30m or 2h"),
        d.status().validationErrors.toString());
    assertTrue(actions(d, Action.AcquireLock.class).isEmpty() && actions(d, Action.CreateJob.class).isEmpty());
  }

  @Test
  void lockHeldByAnotherKeepsTheRestoreWaitingNamingTheHolder() {
    Obs o = new Obs();
    o.lockHolder = "Restore/prod/other";
    Decision<RestoreStatus> d = decide(restore(RestorePhase.Validating), o);
    assertEquals(RestorePhase.Validating, d.status().phase);
    assertTrue(d.status().message.contains("held by Restore/prod/other"), d.status().message);
    assertTrue(d.actions().isEmpty(), d.actions().toString());
    assertNotNull(d.requeueAfter());
  }

  @Test
  void overrideWithForceTakesTheLockOverWithAWarningEvent() {
    Obs o = new Obs();
    o.lockHolder = "Restore/prod/other";
    Decision<RestoreStatus> d = decide(restore(RestorePhase.Validating, s -> {
      s.force = true;
      s.overrideOperationLock = true;
    }, s -> {}), o);
    assertEquals(List.of(new Action.AcquireLock(LEASE, ME, true)), actions(d, Action.AcquireLock.class));
    assertTrue(actions(d, Action.RecordEvent.class).stream()
        .anyMatch(e -> e.type() == Action.EventType.Warning && e.reason().equals("LockOverridden")));
  }

  @Test
  void everyValidationErrorIsListedAndNothingIsTouched() {
    Obs o = new Obs();
    o.backupPhase = BackupPhase.Failed;
    o.target = PvcState.MISSING;
    o.unknown = List.of("daemonset/agent");
    o.workloads = List.of(API_UP, WorkloadView.missing("statefulset/db"));
    Decision<RestoreStatus> d = decide(restore(null, s -> s.overrideOperationLock = true, s -> {}), o);
    assertEquals(RestorePhase.Failed, d.status().phase);
    List<String> errors = d.status().validationErrors;
    assertEquals(5, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("is Failed"));
    assertTrue(String.join("|", errors).contains("needs spec.force"));
    assertTrue(String.join("|", errors).contains("daemonset/agent"));
    assertTrue(String.join("|", errors).contains("statefulset/db not found"));
    assertTrue(actions(d, Action.AcquireLock.class).isEmpty());
    assertTrue(actions(d, Action.ScaleWorkload.class).isEmpty());
    assertTrue(actions(d, Action.CreateJob.class).isEmpty());
  }

  @Test
  void aWorkloadAHibernatePlanKeepsAsleepIsRefusedUnlessForced() {
    Obs o = new Obs();
    o.hibernated = Map.of(API_UP.ref(), "HibernatePlan nightly (Hibernated)");
    Decision<RestoreStatus> refused = decide(restore(null), o);
    assertEquals(RestorePhase.Failed, refused.status().phase);
    assertTrue(refused.status().validationErrors.get(0).contains("workload " + API_UP.ref()
        + " is asleep under HibernatePlan nightly (Hibernated): wake it first (lifeboat hibernate wake nightly --wait)"),
        refused.status().validationErrors.toString());
    Decision<RestoreStatus> forced = decide(restore(null, s -> s.force = true, s -> {}), o);
    assertEquals(RestorePhase.Stopping, forced.status().phase);
    assertEquals(List.of(new Action.AcquireLock(LEASE, ME, false)), actions(forced, Action.AcquireLock.class));
  }

  @Test
  void missingBackupAndMissingRepositoryAreErrors() {
    Obs o = new Obs();
    o.backupExists = false;
    o.backupPhase = null;
    Decision<RestoreStatus> d = decide(restore(null), o);
    assertEquals(RestorePhase.Failed, d.status().phase);
    assertTrue(d.status().validationErrors.get(0).contains("Backup \"nightly\" not found"));
  }

  @Test
  void aBackupStillRunningIsWaitedFor() {
    Obs o = new Obs();
    o.backupPhase = BackupPhase.Running;
    Decision<RestoreStatus> d = decide(restore(null), o);
    assertEquals(RestorePhase.Validating, d.status().phase);
    assertTrue(d.status().message.contains("waiting for Backup"));
    assertTrue(d.actions().isEmpty());
  }

  /** A claim restore checks first too: the snapshot must fit beside the claim's data, before anything is stopped. */
  @Test
  void aClaimRestoreChecksForRoomBeforeStoppingAnything() {
    Obs o = new Obs();
    o.check = null;
    Decision<RestoreStatus> d = decide(restore(null, s -> {}, s -> {}), o);
    assertEquals(List.of(new Action.CreateJob(JobPurpose.SNAPSHOT_CHECK, "r1-check")), actions(d, Action.CreateJob.class));
    assertEquals(List.of(), actions(d, Action.ScaleWorkload.class));
    assertTrue(d.status().message.contains("checking that the snapshot fits into"), d.status().message);
    o.check = Fixtures.failed("r1-check", 1, "the snapshot needs 3.0 MiB and the claim has 1.0 MiB free");
    d = decide(restore(RestorePhase.Validating, s -> {}, s -> {}), o);
    assertEquals(RestorePhase.Failed, d.status().phase);
    assertTrue(d.status().validationErrors.get(0).contains("the snapshot needs 3.0 MiB"), d.status().validationErrors.toString());
    assertEquals(List.of(), actions(d, Action.ScaleWorkload.class), "nothing stopped");
    assertEquals(List.of(), actions(d, Action.AcquireLock.class));
  }

  /** A restore under running users of its target is refused at validation, unless each is stopped or it is forced. */
  @Test
  void aClaimInUseIsRefusedUnlessItsUsersAreStoppedOrTheRestoreIsForced() {
    Obs o = new Obs();
    o.targetUsers = List.of("deployment/api", "deployment/web", "pod/debug");
    Decision<RestoreStatus> d = decide(restore(null, s -> {}, s -> {}), o);
    assertEquals(RestorePhase.Failed, d.status().phase);
    String error = String.join("; ", d.status().validationErrors);
    assertTrue(error.contains("target PersistentVolumeClaim \"data\" is in use by deployment/web, pod/debug"), error);
    assertEquals(List.of(), actions(d, Action.AcquireLock.class), "nothing locked, stopped or written");
    assertEquals(List.of(), actions(d, Action.ScaleWorkload.class));

    o.targetUsers = List.of("deployment/api", "statefulset/db");
    d = decide(restore(null, s -> {}, s -> {}), o);
    assertEquals(RestorePhase.Stopping, d.status().phase, "every user is stopped by the restore: " + d.status().message);

    o.targetUsers = List.of("deployment/web");
    d = decide(restore(null, s -> s.force = true, s -> {}), o);
    assertEquals(RestorePhase.Stopping, d.status().phase, "forced: " + d.status().message);
  }

  @Test
  void snapshotRestoresCheckTheSnapshotInAJobFirst() {
    Consumer<RestoreSpec> snapshotSpec = s -> {
      s.backup = null;
      s.snapshot = new SnapshotRef();
      s.snapshot.repository = "repo";
      s.snapshot.id = "c25a6733";
      s.target = new dev.lifeboat.api.RestoreTarget();
      s.target.pvc = "data";
    };
    Obs o = new Obs();
    o.backupExists = false;
    o.backupPhase = null;
    o.check = null;
    Decision<RestoreStatus> d = decide(restore(null, snapshotSpec, s -> {}), o);
    assertEquals(List.of(new Action.CreateJob(JobPurpose.SNAPSHOT_CHECK, "r1-check")), actions(d, Action.CreateJob.class));
    o.check = Fixtures.failed("r1-check", 1, "no snapshot c25a6733");
    d = decide(restore(RestorePhase.Validating, snapshotSpec, s -> {}), o);
    assertEquals(RestorePhase.Failed, d.status().phase);
    assertTrue(d.status().validationErrors.get(0).contains("snapshot c25a6733 of Repository repo cannot be restored here: no snapshot c25a6733"), d.status().validationErrors.toString());
    assertEquals(List.of(), actions(d, Action.AcquireLock.class), "refused before any lock or stop");
    o.check = Fixtures.succeeded("r1-check", Fixtures.verifiedSnapshot("c25a6733ffff", false));
    d = decide(restore(RestorePhase.Validating, snapshotSpec, s -> {}), o);
    assertEquals("c25a6733ffff", d.status().snapshotId);
    assertEquals(List.of(new Action.AcquireLock(LEASE, ME, false)), actions(d, Action.AcquireLock.class));
  }

  // --- Stopping ---

  @Test
  void withTheLockHeldApplicationsAreSavedThenScaledToZero() {
    Obs o = new Obs();
    o.lockHolder = ME;
    Decision<RestoreStatus> d = decide(restore(RestorePhase.Validating, s -> {}, s -> s.lockTaken = true), o);
    assertEquals(RestorePhase.Stopping, d.status().phase);
    List<Action> order = d.actions().stream().filter(a -> !(a instanceof Action.RecordEvent)).toList();
    String cm = RestoreLifecycle.restoreDataConfigMap("r1");
    assertEquals(List.of(new Action.SaveReplicas(cm, "deployment/api", 3),
        new Action.ScaleWorkload("deployment/api", 0), new Action.SaveReplicas(cm, "statefulset/db", 1),
        new Action.ScaleWorkload("statefulset/db", 0)), order, "saved before scaled, for every workload");
    assertEquals(SAVED, d.status().savedReplicas);
  }

  @Test
  void savedReplicasAreNeverOverwrittenByTheStoppedCount() {
    Obs o = new Obs();
    o.lockHolder = ME;
    o.saved = SAVED;
    o.workloads = List.of(API_DOWN, new WorkloadView("statefulset/db", true, 0, 1, 0));
    Decision<RestoreStatus> d = decide(restore(RestorePhase.Stopping, s -> {}, locked(SAVED)), o);
    assertTrue(actions(d, Action.SaveReplicas.class).isEmpty());
    assertEquals(RestorePhase.Stopping, d.status().phase, "a pod is still there");
    assertTrue(actions(d, Action.CreateJob.class).isEmpty());
  }

  @Test
  void podsGoneStartsTheRestoreJob() {
    Obs o = new Obs();
    o.lockHolder = ME;
    o.saved = SAVED;
    o.workloads = List.of(API_DOWN, DB_DOWN);
    Decision<RestoreStatus> d = decide(restore(RestorePhase.Stopping, s -> {}, locked(SAVED)), o);
    assertEquals(RestorePhase.Running, d.status().phase);
    assertEquals(List.of(new Action.CreateJob(JobPurpose.RESTORE, "r1-restore")), actions(d, Action.CreateJob.class));
  }

  // --- Running, Starting ---

  @Test
  void jobSuccessStartsApplicationsAtTheirSavedReplicas() {
    Obs o = new Obs();
    o.lockHolder = ME;
    o.saved = SAVED;
    o.workloads = List.of(API_DOWN, DB_DOWN);
    o.restoreJob = Fixtures.succeeded("r1-restore", Fixtures.verifiedSnapshot("abc", false));
    Decision<RestoreStatus> d = decide(restore(RestorePhase.Running, s -> {}, locked(SAVED)), o);
    assertEquals(RestorePhase.Starting, d.status().phase);
    assertEquals(List.of(new Action.ScaleWorkload("deployment/api", 3), new Action.ScaleWorkload("statefulset/db", 1)),
        actions(d, Action.ScaleWorkload.class));
    assertEquals(10L, d.status().restoredFiles);
    assertEquals(List.of(), actions(d, Action.ReleaseLock.class),
        "the lock is held until the applications are back: a backup must not run against a half-started target");

    // The applications are scaled but not ready yet: still Starting, still locked.
    o.workloads = List.of(new WorkloadView("deployment/api", true, 3, 3, 1), DB_UP);
    Decision<RestoreStatus> waiting = decide(restore(RestorePhase.Starting, s -> {}, locked(SAVED)), o);
    assertEquals(RestorePhase.Starting, waiting.status().phase);
    assertEquals(List.of(), actions(waiting, Action.ReleaseLock.class));
  }

  /**
   * An application that cannot become ready again (its pods on a volume attached elsewhere, a crash loop) would keep
   * a restore Starting, its lock held, forever: after spec.startTimeout the restore completes, saying what is not.
   */
  @Test
  void applicationsThatDoNotGetReadyEndTheWaitAtTheStartTimeoutWithAWarning() {
    Obs o = new Obs();
    o.lockHolder = ME;
    o.saved = SAVED;
    o.workloads = List.of(new WorkloadView("deployment/api", true, 3, 3, 1), DB_UP);
    Consumer<RestoreStatus> startedAt = s -> {
      locked(SAVED).accept(s);
      s.history.add(new dev.lifeboat.api.PhaseChange(RestorePhase.Starting, NOW.minusSeconds(11 * 60).toString(), "x"));
    };
    Decision<RestoreStatus> done = decide(restore(RestorePhase.Starting, s -> {}, startedAt), o);
    assertEquals(RestorePhase.Completed, done.status().phase);
    assertTrue(done.status().message.contains("deployment/api (1 of 3 ready) not ready 10m after being started again"),
        done.status().message);
    assertEquals(List.of(new Action.ReleaseLock(LEASE, ME)), actions(done, Action.ReleaseLock.class));
    assertTrue(done.actions().stream().anyMatch(a -> a instanceof Action.RecordEvent e
        && e.reason().equals("ApplicationsNotReady")));

    Consumer<RestoreStatus> recently = s -> {
      locked(SAVED).accept(s);
      s.history.add(new dev.lifeboat.api.PhaseChange(RestorePhase.Starting, NOW.minusSeconds(60).toString(), "x"));
    };
    Decision<RestoreStatus> waiting = decide(restore(RestorePhase.Starting, s -> {}, recently), o);
    assertEquals(RestorePhase.Starting, waiting.status().phase);
    assertEquals("waiting for the applications to be ready again", waiting.status().message);
  }

  @Test
  void applicationsReadyCompletesAndReleasesTheLock() {
    Obs o = new Obs();
    o.lockHolder = ME;
    o.saved = SAVED;
    Decision<RestoreStatus> d = decide(restore(RestorePhase.Starting, s -> {}, locked(SAVED)), o);
    assertEquals(RestorePhase.Completed, d.status().phase);
    assertEquals(List.of(new Action.ReleaseLock(LEASE, ME)), actions(d, Action.ReleaseLock.class));
  }

  @Test
  void aScaleAPersonMadeMeanwhileWins() {
    Obs o = new Obs();
    o.lockHolder = ME;
    o.saved = SAVED;
    o.workloads = List.of(new WorkloadView("deployment/api", true, 5, 5, 5), DB_UP);
    Decision<RestoreStatus> d = decide(restore(RestorePhase.Starting, s -> {}, locked(SAVED)), o);
    assertTrue(actions(d, Action.ScaleWorkload.class).isEmpty());
    assertEquals(RestorePhase.Completed, d.status().phase);
  }

  @Test
  void jobFailureStartsApplicationsFirstThenFails() {
    Obs o = new Obs();
    o.lockHolder = ME;
    o.saved = SAVED;
    o.workloads = List.of(API_DOWN, DB_DOWN);
    o.restoreJob = Fixtures.failed("r1-restore", 3, "Fatal: wrong password");
    Decision<RestoreStatus> d = decide(restore(RestorePhase.Running, s -> {}, locked(SAVED)), o);
    assertEquals(RestorePhase.Starting, d.status().phase);
    assertTrue(d.status().failure.contains("wrong password"));
    assertEquals(2, actions(d, Action.ScaleWorkload.class).size());
    o.workloads = List.of(API_UP, DB_UP);
    Restore next = restore(RestorePhase.Starting, s -> {}, locked(SAVED));
    next.getStatus().failure = d.status().failure;
    d = decide(next, o);
    assertEquals(RestorePhase.Failed, d.status().phase);
    assertEquals(List.of(new Action.ReleaseLock(LEASE, ME)), actions(d, Action.ReleaseLock.class));
  }

  @Test
  void failureWithoutStartingApplicationsWhenToldNotTo() {
    Obs o = new Obs();
    o.lockHolder = ME;
    o.saved = SAVED;
    o.workloads = List.of(API_DOWN, DB_DOWN);
    o.restoreJob = Fixtures.failed("r1-restore", 1, "boom");
    Decision<RestoreStatus> d = decide(restore(RestorePhase.Running, s -> s.startApplicationsOnFailure = false,
        locked(SAVED)), o);
    assertEquals(RestorePhase.Failed, d.status().phase);
    assertTrue(actions(d, Action.ScaleWorkload.class).isEmpty());
  }

  @Test
  void restoreJobDeletedBySomeoneFailsTheRestore() {
    Obs o = new Obs();
    o.lockHolder = ME;
    o.workloads = List.of();
    Decision<RestoreStatus> d = decide(restore(RestorePhase.Running, s -> {}, locked(Map.of())), o);
    assertEquals(RestorePhase.Failed, d.status().phase);
    assertTrue(d.status().message.contains("was deleted"));
  }

  // --- Prune ---

  @Test
  void pruneAfterFailedRunsTheCleanupJobAndReadsItsOwnOutcome() {
    Obs o = new Obs();
    o.lockHolder = ME;
    o.saved = SAVED;
    Consumer<RestoreSpec> prune = s -> s.prune = PruneMode.AfterFailed;
    Restore starting = restore(RestorePhase.Starting, prune, locked(SAVED));
    starting.getStatus().failure = "boom";
    Decision<RestoreStatus> d = decide(starting, o);
    assertEquals(RestorePhase.PruneRunning, d.status().phase, "PruneScheduled creates the Job at once");
    assertEquals(List.of(new Action.CreateJob(JobPurpose.PRUNE, "r1-prune")), actions(d, Action.CreateJob.class));
    assertTrue(actions(d, Action.ReleaseLock.class).isEmpty(), "the lock stays while cleaning up");

    Restore running = restore(RestorePhase.PruneRunning, prune, locked(SAVED));
    running.getStatus().failure = "boom";
    o.pruneJob = JobView.active("r1-prune");
    assertEquals(RestorePhase.PruneRunning, decide(running, o).status().phase);
    o.pruneJob = Fixtures.succeeded("r1-prune", null);
    d = decide(running, o);
    assertEquals(RestorePhase.PruneComplete, d.status().phase);
    assertEquals(1, actions(d, Action.ReleaseLock.class).size());
    o.pruneJob = Fixtures.failed("r1-prune", 1, null);
    assertEquals(RestorePhase.PruneFailed, decide(running, o).status().phase);
    o.pruneJob = null;
    d = decide(running, o);
    assertEquals(RestorePhase.PruneFailed, d.status().phase, "a vanished prune Job never leaves PruneRunning forever");
  }

  @Test
  void pruneLaterOnAFailedRestoreTakesTheLockAgainFirst() {
    Obs o = new Obs();
    Restore failed = restore(RestorePhase.Failed, s -> s.prune = PruneMode.AfterFailed, s -> {
      s.lockTaken = true;
      s.targetPvc = "data";
      s.failure = "boom";
    });
    Decision<RestoreStatus> d = decide(failed, o);
    assertEquals(RestorePhase.PruneScheduled, d.status().phase);
    assertEquals(List.of(new Action.AcquireLock(LEASE, ME, false)), actions(d, Action.AcquireLock.class));
  }

  @Test
  void aFailedValidationHasNothingToPrune() {
    Restore failed = restore(RestorePhase.Failed, s -> s.prune = PruneMode.AfterFailed, s -> {});
    Decision<RestoreStatus> d = decide(failed, new Obs());
    assertEquals(RestorePhase.Failed, d.status().phase);
    assertTrue(actions(d, Action.CreateJob.class).isEmpty());
  }

  // --- Abort ---

  @Test
  void abortDeletesTheRunningJobStartsApplicationsAndEndsAborted() {
    Obs o = new Obs();
    o.lockHolder = ME;
    o.saved = SAVED;
    o.workloads = List.of(API_DOWN, DB_DOWN);
    o.restoreJob = JobView.active("r1-restore");
    Decision<RestoreStatus> d = decide(restore(RestorePhase.Running, s -> s.abort = true, locked(SAVED)), o);
    assertEquals(RestorePhase.Aborting, d.status().phase);
    assertEquals(List.of(new Action.DeleteJob("r1-restore")), actions(d, Action.DeleteJob.class));
    assertTrue(actions(d, Action.ScaleWorkload.class).isEmpty(), "apps wait until the Job is gone");

    o.restoreJob = null;
    Restore aborting = restore(RestorePhase.Aborting, s -> s.abort = true, locked(SAVED));
    aborting.getStatus().aborted = true;
    d = decide(aborting, o);
    assertEquals(2, actions(d, Action.ScaleWorkload.class).size());
    o.workloads = List.of(API_UP, DB_UP);
    d = decide(aborting, o);
    assertEquals(RestorePhase.Aborted, d.status().phase);
    assertEquals(1, actions(d, Action.ReleaseLock.class).size());
  }

  @Test
  void abortStartsApplicationsFromTheRestoreDataEvenWhenTheStatusLostThem() {
    Obs o = new Obs();
    o.lockHolder = ME;
    o.saved = SAVED; // in the ConfigMap, but a crash kept them out of the status
    o.workloads = List.of(API_DOWN, DB_DOWN);
    Decision<RestoreStatus> d = decide(restore(RestorePhase.Stopping, s -> s.abort = true, locked(Map.of())), o);
    assertEquals(List.of(new Action.ScaleWorkload("deployment/api", 3), new Action.ScaleWorkload("statefulset/db", 1)),
        actions(d, Action.ScaleWorkload.class));
  }

  @Test
  void abortWithPruneEndsAbortedAfterTheCleanup() {
    Obs o = new Obs();
    o.lockHolder = ME;
    o.saved = SAVED;
    Restore aborting = restore(RestorePhase.Aborting, s -> {
      s.abort = true;
      s.prune = PruneMode.AfterFailed;
    }, locked(SAVED));
    aborting.getStatus().aborted = true;
    Decision<RestoreStatus> d = decide(aborting, o);
    assertEquals(RestorePhase.PruneRunning, d.status().phase);
    Restore pruning = restore(RestorePhase.PruneRunning, s -> s.abort = true, locked(SAVED));
    pruning.getStatus().aborted = true;
    o.pruneJob = Fixtures.succeeded("r1-prune", null);
    assertEquals(RestorePhase.Aborted, decide(pruning, o).status().phase);
  }

  @Test
  void abortAfterTheEndChangesNothing() {
    for (RestorePhase done : List.of(RestorePhase.Completed, RestorePhase.Failed, RestorePhase.PruneComplete,
        RestorePhase.Aborted)) {
      Decision<RestoreStatus> d = decide(restore(done, s -> s.abort = true, s -> {}), new Obs());
      assertEquals(done, d.status().phase);
      assertFalse(d.actions().stream().anyMatch(a -> a instanceof Action.DeleteJob));
    }
  }

  @Test
  void historyRecordsEachPhaseOnce() {
    Obs o = new Obs();
    o.lockHolder = ME;
    o.workloads = List.of();
    Decision<RestoreStatus> d = decide(restore(RestorePhase.Validating, s -> {}, s -> s.lockTaken = true), o);
    assertEquals(List.of(RestorePhase.Stopping, RestorePhase.Running),
        d.status().history.stream().map(h -> h.phase).toList());
  }


  /** A database restore locks the database (its own Lease), records it as the target, and touches no claim. */
  @Test
  void anApplicationRestoreLocksTheApplicationAndNoClaim() {
    Obs o = new Obs();
    o.source = dev.lifeboat.lifecycle.Fixtures.postgresSource();
    o.workloads = List.of();
    o.check = null;
    Restore r = restore(null, spec -> {
      spec.stopApplications = null;
      spec.target = new dev.lifeboat.api.RestoreTarget();
      spec.target.database = "copy";
    }, s -> {});
    Decision<RestoreStatus> checking = decide(r, o);
    assertEquals(List.of(new Action.CreateJob(JobPurpose.SNAPSHOT_CHECK, "r1-check")),
        actions(checking, Action.CreateJob.class), "first: does the database answer at all");
    assertEquals(List.of(), actions(checking, Action.AcquireLock.class));
    assertTrue(checking.status().message.contains("checking that postgres://db:5432/copy answers"),
        checking.status().message);
    o.check = Fixtures.failed("r1-check", 1, "cannot reach postgres://db:5432/copy: host db does not resolve");
    Decision<RestoreStatus> unreachable = decide(restore(RestorePhase.Validating, spec -> {
      spec.stopApplications = null;
      spec.target = new dev.lifeboat.api.RestoreTarget();
      spec.target.database = "copy";
    }, s -> {}), o);
    assertEquals(RestorePhase.Failed, unreachable.status().phase);
    assertEquals(List.of("cannot reach postgres://db:5432/copy: host db does not resolve"),
        unreachable.status().validationErrors, "named, before any lock or stop");
    assertEquals(List.of(), actions(unreachable, Action.AcquireLock.class));

    o.check = Fixtures.succeeded("r1-check", Fixtures.verifiedSnapshot("c25a6733ffff", false));
    Decision<RestoreStatus> taking = decide(r, o);
    List<Action.AcquireLock> locks = actions(taking, Action.AcquireLock.class);
    assertEquals(1, locks.size());
    assertEquals(Locks.leaseFor("prod", "postgres://db:5432/copy"), locks.get(0).leaseName());
    assertEquals("postgres://db:5432/copy", taking.status().target);
    assertEquals(null, taking.status().targetPvc);
    // Nothing to stop: the pass that takes the lock starts the restore Job too.
    assertEquals(RestorePhase.Running, taking.status().phase, taking.status().message);
    assertEquals(1, actions(taking, Action.CreateJob.class).size());

    o.lockHolder = ME;
    Decision<RestoreStatus> running = decide(restore(RestorePhase.Validating, spec -> {
      spec.stopApplications = null;
      spec.target = new dev.lifeboat.api.RestoreTarget();
      spec.target.database = "copy";
    }, s -> s.target = "postgres://db:5432/copy"), o);
    assertEquals(RestorePhase.Running, running.status().phase, running.status().message);
    assertEquals(1, actions(running, Action.CreateJob.class).size());
  }

  @Test
  void targetFlagsThatDoNotFitTheBackupFailValidation() {
    Obs o = new Obs();
    o.source = dev.lifeboat.lifecycle.Fixtures.postgresSource();
    Decision<RestoreStatus> d = decide(restore(null, spec -> {
      spec.target = new dev.lifeboat.api.RestoreTarget();
      spec.target.openbao = "https://bao:8200";
    }, s -> {}), o);
    assertEquals(RestorePhase.Failed, d.status().phase);
    assertTrue(d.status().message.contains("spec.target.openbao (--to-openbao) is for OpenBao/Vault backups"),
        d.status().message);
  }
}
