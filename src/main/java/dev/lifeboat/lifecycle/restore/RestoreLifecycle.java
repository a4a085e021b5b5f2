package dev.lifeboat.lifecycle.restore;

import dev.lifeboat.lifecycle.ResticPin;
import dev.lifeboat.api.Durations;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.JobView;
import dev.lifeboat.lifecycle.Locks;
import dev.lifeboat.lifecycle.WorkloadView;

import dev.lifeboat.api.Restore;
import dev.lifeboat.api.RestorePhase;
import dev.lifeboat.api.RestoreStatus;
import dev.lifeboat.lifecycle.Action.EventType;
import dev.lifeboat.lifecycle.JobView.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Restore state machine.
 *
 * <pre>
 *  Pending ─► Validating ──(lock taken)──► Stopping ──(pods gone)──► Running ──(Job done)──► Starting ─► Completed
 *               │  ▲ lock held by another:       │                     │                       │
 *               │  └─ wait, requeue              │  failure anywhere here: Starting (apps back, status.failure)
 *               ▼                                ▼                     ▼                       ▼
 *             Failed (validation errors;  ◄──────┴──── Failed ◄─────── apps back ──────────────┘
 *             nothing touched)                    │ spec.prune: AfterFailed (also set later by 'lifeboat prune')
 *                                                 ▼
 *                                   PruneScheduled ─► PruneRunning ─► PruneComplete | PruneFailed
 *
 *  spec.abort (Pending … Starting) ─► Aborting ─(Job deleted, apps back)─► Aborted, or via the prune path
 * </pre>
 *
 * <p>Every action is an "ensure": the engine skips what is already so (a saved replica count is
 * never overwritten, a lock is released only by its holder), so repeating a decision after a crash
 * is harmless. The lock is released in every terminal phase. A decision that takes the lock goes on
 * to stop the applications in the same pass (one status write for Validating and Stopping).
 */
public final class RestoreLifecycle {
  static final Duration LOCK_RETRY = Duration.ofSeconds(5);
  static final Duration WORKLOAD_RETRY = Duration.ofSeconds(5);

  private RestoreLifecycle() {}

  public static String restoreDataConfigMap(String restore) {
    return JobNames.fit(restore + "-restore-data", 253);
  }

  public static Decision<RestoreStatus> decide(Restore restore, RestoreObservation o, Instant now) {
    RestoreContext c = new RestoreContext(restore, o, now);
    RestorePhase phase = c.status.phase == null ? RestorePhase.Pending : c.status.phase;
    if (Boolean.TRUE.equals(restore.getSpec().abort) && isAbortable(phase)) {
      c.status.aborted = true;
      c.moveTo(RestorePhase.Aborting, "abort requested");
      c.event(EventType.Warning, "Aborting", "abort requested: stopping the restore");
      phase = RestorePhase.Aborting;
    }
    switch (phase) {
      case Pending, Validating -> validating(c);
      case Stopping -> stopping(c);
      case Running -> running(c);
      case Starting -> starting(c);
      case Aborting -> aborting(c);
      case Failed -> failed(c);
      case PruneScheduled -> pruneScheduled(c);
      case PruneRunning -> pruneRunning(c);
      default -> c.ensureReleased(); // Completed, PruneComplete, PruneFailed, Aborted
    }
    return c.decision();
  }

  static boolean isAbortable(RestorePhase phase) {
    return switch (phase) {
      case Pending, Validating, Stopping, Running, Starting -> true;
      default -> false;
    };
  }

  private static void validating(RestoreContext c) {
    c.moveTo(RestorePhase.Validating, "validating");
    List<String> errors = RestoreChecks.errors(c.restore, c.o);
    if (!errors.isEmpty()) {
      c.status.validationErrors = errors;
      c.terminal(RestorePhase.Failed, "validation failed: " + String.join("; ", errors));
      c.event(EventType.Warning, "ValidationFailed", String.join("; ", errors));
      return;
    }
    c.status.validationErrors = new ArrayList<>();
    String wait = RestoreChecks.waitReason(c.restore, c.o);
    if (wait != null) {
      c.status.message = wait;
      c.requeue = LOCK_RETRY;
      return;
    }
    if (Locks.isClaim(c.target)) {
      c.status.targetPvc = c.target;
    } else {
      c.status.target = c.target;
    }
    if (needsCheck(c)) {
      JobView check = c.o.checkJob();
      if (check == null) {
        c.actions.add(new Action.CreateJob(JobPurpose.SNAPSHOT_CHECK, c.jobName(JobPurpose.SNAPSHOT_CHECK)));
        c.status.message = c.restore.getSpec().snapshot != null ? "checking that the snapshot exists"
            : Locks.isClaim(c.target) ? "checking that the snapshot fits into " + Locks.describe(c.target)
            : "checking that " + c.target + " answers";
        return;
      }
      if (check.state() == JobState.ACTIVE) {
        notStarted(c, check, "check");
        return;
      }
      if (check.reportPending(c.now)) {
        c.requeue = JobView.REPORT_RECHECK;
        return;
      }
      if (check.state() == JobState.FAILED || check.report() == null || !check.report().hasVerifiedSnapshot()) {
        // The check Job refuses a missing snapshot, and one whose content does not fit the target (a stream into a
        // claim without spec.target.file, files with it): before any lock, stop or write.
        String why = c.restore.getSpec().snapshot != null ? "snapshot " + c.restore.getSpec().snapshot.id
            + " of Repository " + c.restore.getSpec().snapshot.repository + " cannot be restored here: "
            + check.bestFailureReason() : check.bestFailureReason();
        c.status.validationErrors = List.of(why);
        c.terminal(RestorePhase.Failed, "validation failed: " + why);
        c.event(EventType.Warning, "ValidationFailed", why);
        return;
      }
      if (c.restore.getSpec().snapshot != null) {
        c.status.snapshotId = check.report().snapshotId(); // the full ID of the one named by a prefix
      }
    }
    if (!c.holdsLock() && !c.takeLock()) {
      return; // held by another: wait
    }
    // The lock is ours, or this decision takes it: its AcquireLock is applied first, and a lock lost to
    // someone else fails that write, so nothing after it (saving, scaling, this status) is applied.
    c.moveTo(RestorePhase.Stopping, c.o.workloads().isEmpty() ? "no applications to stop" : "stopping applications");
    stopping(c);
  }

  /**
   * A check Job runs first, and fails the restore before any lock or stop: does the snapshot exist and fit the
   * target (a claim's tree, or one stream), does a claim have room for it beside its data (a Replace writes the
   * snapshot in full before it removes the old files), does an application answer at all. Only a command target has
   * nothing to check.
   */
  static boolean needsCheck(RestoreContext c) {
    return c.restore.getSpec().snapshot != null || (c.target != null && !c.target.startsWith("command://"));
  }

  private static void stopping(RestoreContext c) {
    Map<String, Integer> saved = new LinkedHashMap<>(c.o.savedReplicas());
    boolean allDown = true;
    for (WorkloadView w : c.o.workloads()) {
      if (!w.exists()) {
        continue; // gone meanwhile: nothing to stop, nothing to start
      }
      if (!saved.containsKey(w.ref())) {
        c.actions.add(new Action.SaveReplicas(c.configMap, w.ref(), w.specReplicas()));
        saved.put(w.ref(), w.specReplicas());
      }
      if (w.specReplicas() != 0) {
        c.actions.add(new Action.ScaleWorkload(w.ref(), 0));
        allDown = false;
      } else if (w.currentReplicas() > 0) {
        allDown = false;
      }
    }
    c.status.savedReplicas = saved;
    if (!allDown) {
      c.status.message = "waiting for the pods of the stopped applications to go";
      c.requeue = WORKLOAD_RETRY;
      return;
    }
    c.actions.add(new Action.CreateJob(JobPurpose.RESTORE, c.jobName(JobPurpose.RESTORE)));
    c.status.restoreJobName = c.jobName(JobPurpose.RESTORE);
    c.status.attempts = 1; // what the running Job will show: no status write just to say so
    c.moveTo(RestorePhase.Running, "restoring into " + Locks.describe(c.target));
    c.event(EventType.Normal, "Restoring", "created restore Job " + c.status.restoreJobName);
  }

  private static void running(RestoreContext c) {
    JobView job = c.o.restoreJob();
    if (job != null) {
      c.status.attempts = job.failedAttempts() + (job.state() == JobState.FAILED ? 0 : 1);
    }
    if (job == null) {
      c.fail("restore Job " + c.status.restoreJobName + " was deleted before it finished");
      return;
    }
    if (job.state() == JobState.ACTIVE) {
      notStarted(c, job, "restore");
      return;
    }
    if (job.state() == JobState.FAILED) {
      c.fail("restore Job failed after " + Math.max(1, job.failedAttempts()) + " attempt(s): " + job.bestFailureReason());
      return;
    }
    c.status.resticVersion = ResticPin.record(job.report(), c.actions);
    if (job.report() != null && job.report().summary() != null) {
      c.status.restoredFiles = job.report().summary().totalFilesProcessed;
      c.status.restoredBytes = job.report().summary().totalBytesProcessed;
    }
    if (job.report() != null && (!Locks.isClaim(c.target) || job.report().summary() == null)) {
      // An application's words (OpenBao: unseal it), or a claim left alone (mode IfEmpty and data in it).
      c.status.result = job.report().message();
    }
    c.moveTo(RestorePhase.Starting, c.o.workloads().isEmpty() ? "data restored" : "data restored; starting applications");
    starting(c);
  }

  /**
   * A Job whose pod has not started: the message says why (in Kubernetes' words) and the run looks again; past
   * spec.startTimeout the Job goes and the restore fails with that reason (nothing was written: its pod never ran).
   */
  private static void notStarted(RestoreContext c, JobView job, String what) {
    if (job.notStartedSince() == null) {
      return;
    }
    java.time.Duration startTimeout = Durations.startTimeout(c.restore.getSpec().startTimeout);
    if (job.refusedByPodSecurity()) {
      c.actions.add(new Action.DeleteJob(job.name()));
      c.fail(what + " Job " + job.name() + " cannot start, its pod is refused: " + job.notStartedReason()
          + (c.status.mover == null ? "" : " (mover: " + c.status.mover + ")"));
      return;
    }
    if (job.notStartedWithin(startTimeout, c.now)) {
      c.actions.add(new Action.DeleteJob(job.name()));
      c.fail(what + " Job " + job.name() + " did not start within " + Durations.format(startTimeout)
          + " (spec.startTimeout): " + (job.notStartedReason() == null
              ? "its pod stayed Pending, and Kubernetes gave no reason" : job.notStartedReason()));
      return;
    }
    if (job.waitingMessage() != null) {
      c.status.message = what + " Job " + job.name() + ": " + job.waitingMessage();
    }
    c.requeue = c.requeue == null || c.requeue.compareTo(JobView.NOT_STARTED_RECHECK) > 0 ? JobView.NOT_STARTED_RECHECK
        : c.requeue;
  }

  /** Scales the stopped workloads back; then Completed, or (after a failure) Failed / pruning. */
  static void starting(RestoreContext c) {
    if (!startApplications(c)) {
      return;
    }
    if (c.status.failure == null) {
      c.terminal(RestorePhase.Completed, (c.status.result != null ? c.status.result : "restored"
          + (c.status.restoredFiles == null ? "" : " " + c.status.restoredFiles + " files (" + c.status.restoredBytes + " bytes)"))
          + (c.applicationsNote == null ? "" : "; " + c.applicationsNote));
      c.event(EventType.Normal, "Completed", c.status.message);
    } else {
      afterFailure(c);
    }
  }

  /**
   * Returns true when every saved workload is back at its replicas and ready, or when they have had spec.startTimeout
   * to get there (a pod that cannot start, on a volume attached elsewhere or a crash loop, waits forever in
   * Kubernetes): then the restore goes on, and a Warning names what is not ready.
   */
  private static boolean startApplications(RestoreContext c) {
    boolean ready = true;
    List<String> notReady = new ArrayList<>();
    for (WorkloadView w : c.o.workloads()) {
      Integer saved = c.status.savedReplicas.get(w.ref());
      if (!w.exists() || saved == null) {
        continue;
      }
      if (w.specReplicas() == 0 && saved > 0) {
        // Only from zero: a count a person set by hand meanwhile wins over the saved one.
        c.actions.add(new Action.ScaleWorkload(w.ref(), saved));
        ready = false;
      } else if (w.readyReplicas() < Math.min(saved, w.specReplicas())) {
        ready = false;
        notReady.add(w.ref() + " (" + w.readyReplicas() + " of " + Math.min(saved, w.specReplicas()) + " ready)");
      }
    }
    java.time.Duration startTimeout = Durations.startTimeout(c.restore.getSpec().startTimeout);
    Instant since = startingSince(c);
    if (!ready && !notReady.isEmpty() && since != null && !c.now.isBefore(since.plus(startTimeout))) {
      String why = String.join(", ", notReady) + " not ready " + Durations.format(startTimeout)
          + " after being started again (spec.startTimeout): see their pods' events";
      c.event(EventType.Warning, "ApplicationsNotReady", why);
      c.applicationsNote = why;
      return true;
    }
    if (!ready) {
      // One text while waiting (a count in it would cost a status write per pod that gets ready).
      c.status.message = "waiting for the applications to be ready again";
      c.requeue = WORKLOAD_RETRY;
    }
    return ready;
  }

  /** When the restore last began starting the applications again (Starting, or an abort's), or null. */
  private static Instant startingSince(RestoreContext c) {
    for (int i = c.status.history.size() - 1; i >= 0; i--) {
      var change = c.status.history.get(i);
      if (change.phase == RestorePhase.Starting || change.phase == RestorePhase.Aborting) {
        return Instant.parse(change.time);
      }
    }
    return null;
  }

  private static void aborting(RestoreContext c) {
    for (JobView job : new JobView[] {c.o.restoreJob(), c.o.checkJob()}) {
      if (job != null && job.state() == JobState.ACTIVE) {
        c.actions.add(new Action.DeleteJob(job.name()));
        c.status.message = "deleting Job " + job.name();
        return;
      }
    }
    if (!startApplications(c)) {
      return;
    }
    if (c.restore.getSpec().pruneAfterFailed() && Boolean.TRUE.equals(c.status.lockTaken)) {
      c.moveTo(RestorePhase.PruneScheduled, "aborted; cleaning up the target");
      pruneScheduled(c);
      return;
    }
    c.terminal(RestorePhase.Aborted, "aborted by request");
    c.event(EventType.Warning, "Aborted", "restore aborted");
  }

  private static void failed(RestoreContext c) {
    if (c.restore.getSpec().pruneAfterFailed() && Boolean.TRUE.equals(c.status.lockTaken)) {
      c.moveTo(RestorePhase.PruneScheduled, "cleaning up after the failure: " + c.status.failure);
      pruneScheduled(c);
      return;
    }
    c.ensureReleased();
  }

  static void afterFailure(RestoreContext c) {
    if (c.restore.getSpec().pruneAfterFailed() && Boolean.TRUE.equals(c.status.lockTaken)) {
      c.moveTo(RestorePhase.PruneScheduled, "failed: " + c.status.failure + "; cleaning up the target");
      c.event(EventType.Warning, "Failed", c.status.failure);
      pruneScheduled(c);
      return;
    }
    c.terminal(RestorePhase.Failed, "failed: " + c.status.failure);
    c.event(EventType.Warning, "Failed", c.status.failure);
  }

  private static void pruneScheduled(RestoreContext c) {
    if (c.o.pruneJob() != null) {
      c.moveTo(RestorePhase.PruneRunning, "cleanup running");
      pruneRunning(c);
      return;
    }
    if (!c.holdsLock()) {
      c.takeLock(); // released when the restore failed; 'lifeboat prune' needs it again
      return;
    }
    c.actions.add(new Action.CreateJob(JobPurpose.PRUNE, c.jobName(JobPurpose.PRUNE)));
    c.status.pruneJobName = c.jobName(JobPurpose.PRUNE);
    c.moveTo(RestorePhase.PruneRunning, "cleanup Job created");
  }

  private static void pruneRunning(RestoreContext c) {
    JobView job = c.o.pruneJob();
    if (job != null && job.state() == JobState.ACTIVE) {
      return;
    }
    if (job != null && job.state() == JobState.SUCCEEDED) {
      boolean aborted = Boolean.TRUE.equals(c.status.aborted);
      c.terminal(aborted ? RestorePhase.Aborted : RestorePhase.PruneComplete,
          (aborted ? "aborted" : "failed: " + c.status.failure) + "; target cleaned up");
      c.event(EventType.Normal, aborted ? "Aborted" : "PruneComplete", c.status.message);
      return;
    }
    String why = job == null ? "cleanup Job " + c.status.pruneJobName + " was deleted before it finished"
        : "cleanup Job failed: " + job.bestFailureReason();
    c.terminal(RestorePhase.PruneFailed, why);
    c.event(EventType.Warning, "PruneFailed", why);
  }
}
