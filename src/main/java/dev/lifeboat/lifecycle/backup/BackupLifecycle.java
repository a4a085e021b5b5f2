package dev.lifeboat.lifecycle.backup;

import dev.lifeboat.lifecycle.ResticPin;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Conditions;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.lifecycle.JobView;
import dev.lifeboat.lifecycle.Locks;
import dev.lifeboat.lifecycle.SourceChecks;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.BackupStatus;
import dev.lifeboat.api.Copies;
import dev.lifeboat.api.RepositoryPhase;
import dev.lifeboat.lifecycle.Action.EventType;
import dev.lifeboat.lifecycle.PvcState;
import dev.lifeboat.lifecycle.JobView.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import dev.lifeboat.api.Durations;

/**
 * The Backup state machine.
 *
 * <pre>
 *   repository not Ready / PVC pending / lock held / no free slot (queuedSince): wait
 *                       ┌──┐
 *                       ▼  │
 *   (new) ──────────► Pending ──── create Job &lt;name&gt;-backup ───► Running
 *                       │   └── hooks or copyMethod Snapshot/Clone ─► Copying ─► Running  (see PointInTimeCopy)
 *                       │                                          │
 *   repository missing  │              Job succeeded, snapshot     │  Job succeeded, snapshot
 *   or Failed, PVC      │              verified in the Job         │  not verified
 *   missing/terminating │                     ┌────────────────────┤
 *                       ▼                     ▼                    ▼
 *                    Failed ◄──────────── Ready ◄── verify Job ── Completed
 *                       ▲                           succeeded      │
 *                       └── Job failed / deleted ──────────────────┘ verify Job failed
 * </pre>
 *
 * <p>lifeboat puts no finalizer on the claim: Kubernetes' own ({@code kubernetes.io/pvc-protection})
 * keeps it while the Job's pod reads it, and no pod starts on a claim being deleted. A Job that failed or vanished is never recreated: a Backup is one execution, and a new
 * attempt is a new Backup (Schedules do that). Retries happen inside the Job (backoffLimit).
 */
public final class BackupLifecycle {
  /** How soon a Backup waiting for a slot looks again. */
  static final Duration SLOT_REQUEUE = Duration.ofSeconds(1);
  static final Duration WAIT_REQUEUE = Duration.ofSeconds(30);
  static final String RUNNING_MESSAGE = "backup running";

  private BackupLifecycle() {}

  public static Decision<BackupStatus> decide(Backup backup, BackupObservation observed, Instant now) {
    BackupStatus status = Copies.deepCopy(backup.getStatus(), BackupStatus.class);
    if (status == null) {
      status = new BackupStatus();
    }
    status.observedGeneration = backup.getMetadata().getGeneration();
    List<Action> actions = new ArrayList<>();
    String name = backup.getMetadata().getName();
    BackupPhase phase = status.phase == null ? BackupPhase.Pending : status.phase;

    if (Boolean.TRUE.equals(backup.getSpec().abort) && !phase.isTerminal()) {
      for (JobView job : new JobView[] {observed.backupJob(), observed.verifyJob()}) {
        if (job != null && job.state() == JobState.ACTIVE) {
          actions.add(new Action.DeleteJob(job.name()));
        }
      }
      PointInTimeCopy.wrapUp(backup, status, observed, actions);
      fail(status, actions, "Aborted", "aborted by request", now);
      return Decision.of(status, actions);
    }
    if (backup.getSpec().wasImported() && !phase.isTerminal()) {
      return ImportedBackup.decide(backup, status, actions, now);
    }
    switch (phase) {
      case Pending -> {
        if (observed.backupJob() != null) {
          // Created by an earlier pass that stopped before recording it: adopt, do not recreate.
          toRunning(status, observed.backupJob().name(), now);
          return afterRunning(backup, status, observed, actions, now);
        }
        String problem = validate(backup, observed);
        if (problem != null) {
          fail(status, actions, "ValidationFailed", problem, now);
          return Decision.of(status, actions);
        }
        String wait = waitReason(backup, observed);
        if (wait != null) {
          status.phase = BackupPhase.Pending;
          status.message = wait;
          Conditions.set(status.conditions, Conditions.READY, false, "Waiting", wait,
              backup.getMetadata().getGeneration(), now);
          if (observed.slotWait() != null && wait.endsWith(observed.slotWait())) {
            // Its place in the queue: slots go to the longest waiting first. It looks again soon; under a controller,
            // whose Job informer wakes the queue's head when a Job ends, only as a fallback (JobSlots.queuedRecheck).
            status.queuedSince = status.queuedSince == null ? now.toString() : status.queuedSince;
            return Decision.of(status, actions).requeueAfter(SLOT_REQUEUE);
          }
          return Decision.of(status, actions).requeueAfter(WAIT_REQUEUE);
        }
        if (PointInTimeCopy.applies(backup, observed)) {
          return PointInTimeCopy.start(backup, status, observed, actions, now);
        }
        String jobName = JobNames.jobName(name, JobPurpose.BACKUP);
        actions.add(new Action.CreateJob(JobPurpose.BACKUP, jobName));
        toRunning(status, jobName, now);
        actions.add(new Action.RecordEvent(EventType.Normal, "Started", "Created backup Job " + jobName));
        return Decision.of(status, actions);
      }
      case Copying -> {
        return PointInTimeCopy.step(backup, status, observed, actions, now);
      }
      case Running -> {
        return PointInTimeCopy.aroundRunning(backup, afterRunning(backup, status, observed, actions, now), observed);
      }
      case Completed -> {
        return afterCompleted(status, observed, actions, now, name);
      }
      default -> {
        return Decision.of(status, actions); // Ready and Failed are terminal.
      }
    }
  }

  private static String validate(Backup backup, BackupObservation observed) {
    String timeout = Durations.timeoutProblem(backup.getSpec().timeout);
    if (timeout != null) {
      return timeout;
    }
    String startTimeout = Durations.timeoutProblem("spec.startTimeout", backup.getSpec().startTimeout);
    if (startTimeout != null) {
      return startTimeout;
    }
    String repository = backup.getSpec().repository;
    if (observed.repositoryPhase() == null) {
      return "Repository \"" + repository + "\" not found in namespace " + backup.getMetadata().getNamespace()
          + ": create it (lifeboat repository create) or fix spec.repository";
    }
    if (observed.repositoryPhase() == RepositoryPhase.Failed) {
      return "Repository \"" + repository + "\" is Failed: " + nullToEmpty(observed.repositoryMessage());
    }
    List<String> sourceProblems = SourceChecks.problems(backup.getSpec().source);
    if (!sourceProblems.isEmpty()) {
      return String.join("; ", sourceProblems);
    }
    List<String> copyProblems = CopyChecks.problems("spec.", backup.getSpec().copyMethod,
        backup.getSpec().volumeSnapshotClassName, backup.getSpec().hooks, backup.getSpec().source.isClaim());
    if (!copyProblems.isEmpty()) {
      return String.join("; ", copyProblems);
    }
    String pvc = backup.getSpec().source.pvc;
    if (pvc == null) {
      // An application: an unreachable one fails the Job with the tool's own words; a command's image not allowed here
      // fails it before any Job.
      return observed.claimProblem();
    }
    if (observed.pvc() == PvcState.MISSING) {
      return "PersistentVolumeClaim \"" + pvc + "\" not found: fix spec.source.pvc";
    }
    if (observed.pvc() == PvcState.TERMINATING) {
      return "PersistentVolumeClaim \"" + pvc + "\" is being deleted";
    }
    if (observed.copyOrNone().problem() != null) {
      return observed.copyOrNone().problem();
    }
    return observed.claimProblem();
  }

  private static String waitReason(Backup backup, BackupObservation observed) {
    if (observed.repositoryPhase() != RepositoryPhase.Ready) {
      return "waiting for Repository \"" + backup.getSpec().repository + "\" to be Ready (now "
          + observed.repositoryPhase() + ")";
    }
    if (observed.pvc() == PvcState.PENDING && backup.getSpec().source.isClaim()) {
      return "waiting for PersistentVolumeClaim \"" + backup.getSpec().source.pvc + "\" to be bound";
    }
    if (observed.repositoryMaintenance() != null) {
      return "waiting: " + observed.repositoryMaintenance() + ", which holds restic's exclusive lock";
    }
    if (observed.lockHolder() != null) {
      return "waiting: " + Locks.describe(backup.getSpec().source.target()) + " is locked by " + observed.lockHolder();
    }
    if (observed.slotWait() != null) {
      return "waiting: " + observed.slotWait();
    }
    return null;
  }

  private static Decision<BackupStatus> afterRunning(Backup backup, BackupStatus status,
      BackupObservation observed, List<Action> actions, Instant now) {
    JobView job = observed.backupJob();
    if (job == null) {
      fail(status, actions, "JobDeleted", "backup Job " + status.jobName
          + " was deleted before it finished; create a new Backup to try again", now);
      return Decision.of(status, actions);
    }
    if (job.state() == JobState.ACTIVE) {
      Duration startTimeout = Durations.startTimeout(backup.getSpec().startTimeout);
      if (job.refusedByPodSecurity()) {
        actions.add(new Action.DeleteJob(job.name()));
        fail(status, actions, "PodSecurity", "backup Job " + job.name() + " cannot start, its pod is refused: "
            + job.notStartedReason() + (status.mover == null ? "" : " (mover: " + status.mover + ")"), now);
        return Decision.of(status, actions);
      }
      if (job.notStartedWithin(startTimeout, now)) {
        actions.add(new Action.DeleteJob(job.name()));
        fail(status, actions, "StartTimeout", "backup Job " + job.name() + " did not start within "
            + Durations.format(startTimeout) + " (spec.startTimeout): " + (job.notStartedReason() == null
                ? "its pod stayed Pending, and Kubernetes gave no reason" : job.notStartedReason()), now);
        return Decision.of(status, actions);
      }
      // Same text as toRunning() for a first attempt, so a steady Running costs no status write.
      status.message = job.waitingMessage() != null ? "backup Job " + job.name() + ": " + job.waitingMessage()
          : job.failedAttempts() > 0 ? "backup running (attempt " + (job.failedAttempts() + 1) + ")" : RUNNING_MESSAGE;
      // Nothing changes while a pod waits to start: look again, to say why and to end it at its start timeout.
      return job.notStartedSince() == null ? Decision.of(status, actions)
          : Decision.of(status, actions).requeueAfter(JobView.NOT_STARTED_RECHECK);
    }
    if (job.state() == JobState.FAILED) {
      fail(status, actions, "JobFailed", "backup Job " + job.name() + " failed after "
          + Math.max(1, job.failedAttempts()) + " attempt(s): " + job.bestFailureReason(), now);
      return Decision.of(status, actions);
    }
    if (job.reportPending(now)) {
      return Decision.of(status, actions).requeueAfter(JobView.REPORT_RECHECK);
    }
    JobReport report = job.report();
    if (report != null) {
      if (report.snapshotId() != null) {
        status.snapshotId = report.snapshotId();
      }
      if (report.summary() != null) {
        status.summary = report.summary();
      }
      status.incomplete = Boolean.TRUE.equals(report.incomplete()) ? Boolean.TRUE : null;
      status.resticVersion = ResticPin.record(report, actions);
    }
    status.progress = null;
    if (report != null && report.hasVerifiedSnapshot()) {
      toReady(backup, status, actions, now);
    } else {
      status.phase = BackupPhase.Completed;
      status.message = "backup Job succeeded; verifying the snapshot in the repository";
      String verifyJob = JobNames.jobName(backup.getMetadata().getName(), JobPurpose.VERIFY);
      actions.add(new Action.CreateJob(JobPurpose.VERIFY, verifyJob));
    }
    return Decision.of(status, actions);
  }

  private static Decision<BackupStatus> afterCompleted(BackupStatus status, BackupObservation observed,
      List<Action> actions, Instant now, String name) {
    JobView verify = observed.verifyJob();
    if (verify == null) {
      // Either not created yet (a crash between deciding and acting) or deleted: create is idempotent.
      actions.add(new Action.CreateJob(JobPurpose.VERIFY, JobNames.jobName(name, JobPurpose.VERIFY)));
      return Decision.of(status, actions);
    }
    if (verify.state() == JobState.ACTIVE) {
      return Decision.of(status, actions);
    }
    if (verify.reportPending(now)) {
      return Decision.of(status, actions).requeueAfter(JobView.REPORT_RECHECK);
    }
    // The verify Job succeeds only when it found the snapshot: with its report lost, the ID the backup reported stands.
    boolean verifiedWithoutReport = verify.state() == JobState.SUCCEEDED && verify.report() == null && status.snapshotId != null;
    if (verifiedWithoutReport
        || (verify.state() == JobState.SUCCEEDED && verify.report() != null && verify.report().hasVerifiedSnapshot())) {
      if (!verifiedWithoutReport) {
        status.snapshotId = verify.report().snapshotId();
      }
      status.phase = BackupPhase.Ready;
      status.message = "snapshot " + shortId(status.snapshotId) + " verified in the repository";
      status.completionTime = now.toString();
      Conditions.set(status.conditions, Conditions.READY, true, "SnapshotVerified", status.message,
          status.observedGeneration, now);
      actions.add(new Action.RecordEvent(EventType.Normal, "Ready", status.message));
      return Decision.of(status, actions);
    }
    fail(status, actions, "SnapshotNotFound", "the backup Job succeeded but its snapshot could not be verified: "
        + (verify.state() == JobState.SUCCEEDED && verify.report() == null
            ? "the verify Job succeeded, but its pod's report never arrived (pod deleted?) and no snapshot ID is known"
            : verify.bestFailureReason()), now);
    return Decision.of(status, actions);
  }

  private static void toRunning(BackupStatus status, String jobName, Instant now) {
    status.phase = BackupPhase.Running;
    status.jobName = jobName;
    status.message = RUNNING_MESSAGE;
    if (status.startTime == null) {
      status.startTime = now.toString();
    }
    Conditions.set(status.conditions, Conditions.READY, false, "Running", "backup in progress",
        status.observedGeneration, now);
  }

  private static void toReady(Backup backup, BackupStatus status, List<Action> actions, Instant now) {
    status.phase = BackupPhase.Ready;
    status.completionTime = now.toString();
    status.message = "snapshot " + shortId(status.snapshotId) + " verified in the repository";
    Conditions.set(status.conditions, Conditions.READY, true, "SnapshotVerified", status.message,
        status.observedGeneration, now);
    if (Boolean.TRUE.equals(status.incomplete)) {
      String warning = incompleteMessage(backup.getSpec().source.pvc, status.summary);
      Conditions.set(status.conditions, Conditions.INCOMPLETE, true, "UnreadableFiles", warning,
          status.observedGeneration, now);
      actions.add(new Action.RecordEvent(EventType.Warning, "Incomplete", warning));
    }
    actions.add(new Action.RecordEvent(EventType.Normal, "Ready", status.message));
  }

  /**
   * Why an incomplete snapshot is no protection, with what it lacks: the count and the first paths restic could not
   * read, and the ways to read them.
   */
  public static String incompleteMessage(String claim, dev.lifeboat.api.BackupSummary summary) {
    long count = summary == null || summary.unreadable == null ? 0 : summary.unreadable;
    List<String> named = summary == null || summary.unreadablePaths == null ? List.of() : summary.unreadablePaths;
    return "the snapshot is incomplete: restic could not read " + (count == 0 ? "some files" : count
        + (count == 1 ? " file or folder" : " files or folders")) + " of PVC " + claim
        + (named.isEmpty() ? "" : " (" + String.join(", ", named) + (count > named.size() ? ", …" : "") + ")")
        + ", which the mover's user may not read: back up as their owner (--run-as UID[:GID]), or with a privileged mover"
        + " (annotate the namespace lifeboat.dev/privileged-movers=true)";
  }

  private static void fail(BackupStatus status, List<Action> actions, String reason, String message, Instant now) {
    status.phase = BackupPhase.Failed;
    status.message = message;
    status.progress = null;
    if (status.completionTime == null) {
      status.completionTime = now.toString();
    }
    Conditions.set(status.conditions, Conditions.READY, false, reason, message, status.observedGeneration, now);
    actions.add(new Action.RecordEvent(EventType.Warning, reason, message));
  }

  static String shortId(String id) {
    return id == null ? "?" : id.substring(0, Math.min(8, id.length()));
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
