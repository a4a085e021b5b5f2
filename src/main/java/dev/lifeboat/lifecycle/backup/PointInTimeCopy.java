package dev.lifeboat.lifecycle.backup;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupHook;
import dev.lifeboat.api.BackupHooks;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.BackupStatus;
import dev.lifeboat.api.CopyMethod;
import dev.lifeboat.api.Durations;
import dev.lifeboat.api.HookResult;
import dev.lifeboat.api.Labels;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Action.EventType;
import dev.lifeboat.lifecycle.Conditions;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.PvcState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps of a Backup before and around its Job when it has hooks or a copy method other than Direct: phase
 * {@code Copying}, and the post hooks and clean-up of {@code Running}.
 *
 * <pre>
 *  Pending ─► Copying: pre hooks ─(one failed, onError Fail)─► post hooks ─► Failed (PreHookFailed)
 *                │
 *                ├─ Direct ──► create Job ─► Running ─(Job ended)─► post hooks ─► as a Direct backup
 *                ├─ Snapshot ► VolumeSnapshot ─(cut)─► post hooks ─(readyToUse)─► temporary claim from it
 *                │                 │ error / not ready in startTimeout                 + Job ─► Running
 *                │                 └────────► post hooks ─► delete ─► Failed
 *                └─ Clone ───► temporary claim from the claim + Job ─► Running ─(claim Bound)─► post hooks
 *
 *  Running ─(Job done: Completed, Ready or Failed)─► the temporary claim and the VolumeSnapshot are deleted
 * </pre>
 *
 * <p>Every step is one pass: its action, then the status saying so (hook results are written by the hook action into
 * the status it is about to write). A controller killed after a hook ran but before its result was written runs that
 * stage again: hooks must be idempotent (a second freeze of a frozen file system fails; the post hooks then thaw it).
 * The copy's objects have deterministic names and the Backup as owner: a deleted Backup's are collected.
 */
public final class PointInTimeCopy {
  static final String PRE = "pre";
  static final String POST = "post";
  /** VolumeSnapshot and clone status do not wake a Backup: look again this often while one is awaited. */
  static final Duration COPY_RECHECK = Duration.ofSeconds(1);
  /**
   * The application is quiet until the snapshot is cut, which takes a CSI driver a second or so: look every 250 ms
   * for the first 5 s after the request, then every {@link #COPY_RECHECK}.
   */
  static final Duration CUT_RECHECK = Duration.ofMillis(250);
  static final Duration CUT_FAST_FOR = Duration.ofSeconds(5);

  private PointInTimeCopy() {}

  /** The VolumeSnapshot of a Backup's Snapshot copy. */
  public static String snapshotName(String backup) {
    return JobNames.fit(backup + "-snapshot", JobNames.MAX_JOB_NAME);
  }

  /** The temporary claim a Backup's Job reads with Snapshot or Clone. */
  public static String claimName(String backup) {
    return JobNames.fit(backup + "-copy", JobNames.MAX_JOB_NAME);
  }

  /** Whether this Backup goes through {@code Copying}: a copy method, or hooks (its own or its pods' annotations). */
  static boolean applies(Backup backup, BackupObservation observed) {
    return backup.getSpec().source.isClaim() && (backup.getSpec().copyMethodOrDefault() != CopyMethod.Direct
        || !pre(backup, observed).isEmpty() || !post(backup, observed).isEmpty());
  }

  /** From Pending: the first step. */
  static Decision<BackupStatus> start(Backup backup, BackupStatus status,
      BackupObservation observed, List<Action> actions, Instant now) {
    status.phase = BackupPhase.Copying;
    status.startTime = status.startTime == null ? now.toString() : status.startTime;
    status.hooks = status.hooks == null ? new ArrayList<>() : status.hooks;
    Conditions.set(status.conditions, Conditions.READY, false, "Copying", "hooks and the point-in-time copy",
        status.observedGeneration, now);
    if (!post(backup, observed).isEmpty()) {
      // Before any pre hook: a Backup deleted while the application is quiet still gets its post hooks.
      actions.add(new Action.Finalizer(Labels.HOOKS_FINALIZER, true));
    }
    return step(backup, status, observed, actions, now);
  }

  /** One step of {@code Copying}. */
  static Decision<BackupStatus> step(Backup backup, BackupStatus status,
      BackupObservation observed, List<Action> actions, Instant now) {
    String name = backup.getMetadata().getName();
    String claim = backup.getSpec().source.pvc;
    CopyObservation copy = observed.copyOrNone();
    List<BackupHook> pre = pre(backup, observed);
    if (!pre.isEmpty() && !ran(status, PRE)) {
      actions.add(new Action.RunHooks(PRE, pre));
      status.message = "running " + pre.size() + " pre hook(s)";
      return Decision.of(status, actions).requeueAfter(COPY_RECHECK);
    }
    HookResult failedPre = firstFailure(status, PRE);
    if (failedPre != null) {
      return fail(backup, status, observed, actions, "PreHookFailed", failedPre.failure(), now);
    }
    switch (backup.getSpec().copyMethodOrDefault()) {
      case Direct -> {
        return toRunning(backup, status, observed, null, actions, now);
      }
      case Clone -> {
        if (copy.problem() != null) {
          return fail(backup, status, observed, actions, "CopyFailed", copy.problem(), now);
        }
        if (observed.claimProblem() != null) {
          return fail(backup, status, observed, actions, "ValidationFailed", observed.claimProblem(), now);
        }
        status.copyClaim = claimName(name);
        status.copyTime = now.toString();
        actions.add(new Action.RecordEvent(EventType.Normal, "Cloning",
            "Created claim " + status.copyClaim + ", a clone of " + claim));
        return toRunning(backup, status, observed,
            new Action.CreateCopyClaim(status.copyClaim, "PersistentVolumeClaim", claim, claim), actions, now);
      }
      default -> {
        return snapshotStep(backup, status, observed, actions, now);
      }
    }
  }

  private static Decision<BackupStatus> snapshotStep(Backup backup, BackupStatus status,
      BackupObservation observed, List<Action> actions, Instant now) {
    String name = backup.getMetadata().getName();
    String claim = backup.getSpec().source.pvc;
    CopyObservation copy = observed.copyOrNone();
    if (status.volumeSnapshot == null) {
      if (copy.problem() != null) {
        return fail(backup, status, observed, actions, "CopyFailed", copy.problem(), now);
      }
      status.volumeSnapshot = snapshotName(name);
      status.copyTime = now.toString(); // the request; the snapshot's own creationTime replaces it once cut
      status.message = "taking VolumeSnapshot " + status.volumeSnapshot + " of PVC " + claim;
      actions.add(new Action.CreateVolumeSnapshot(status.volumeSnapshot, claim, copy.snapshotClass()));
      actions.add(new Action.RecordEvent(EventType.Normal, "Snapshotting", "Created VolumeSnapshot "
          + status.volumeSnapshot + " of PVC " + claim + " (class " + copy.snapshotClass() + ")"));
      return Decision.of(status, actions).requeueAfter(CUT_RECHECK);
    }
    CopyObservation.SnapshotState snapshot = copy.snapshot();
    if (snapshot == null) {
      return fail(backup, status, observed, actions, "SnapshotFailed", "VolumeSnapshot " + status.volumeSnapshot
          + " was deleted before the backup read it", now);
    }
    if (snapshot.error() != null) {
      return fail(backup, status, observed, actions, "SnapshotFailed", "VolumeSnapshot " + status.volumeSnapshot
          + " failed: " + snapshot.error(), now);
    }
    if (snapshot.creationTime() != null) {
      status.copyTime = snapshot.creationTime();
    }
    if (!snapshot.ready()) {
      Duration timeout = Durations.startTimeout(backup.getSpec().startTimeout);
      Instant requested = Instant.parse(status.copyTime);
      if (!snapshot.cut() && now.isAfter(requested.plus(timeout))) {
        return fail(backup, status, observed, actions, "SnapshotFailed", "VolumeSnapshot " + status.volumeSnapshot
            + " did not become ready within " + Durations.format(timeout) + " (spec.startTimeout); the snapshotter"
            + " reported no error", now);
      }
    }
    List<BackupHook> post = post(backup, observed);
    if (snapshot.cut() && !post.isEmpty() && !ran(status, POST)) {
      actions.add(new Action.RunHooks(POST, post)); // the instant is taken: resume the application now
      status.message = "VolumeSnapshot " + status.volumeSnapshot + " taken; running " + post.size() + " post hook(s)";
      return Decision.of(status, actions).requeueAfter(COPY_RECHECK);
    }
    if (!snapshot.ready()) {
      status.message = "waiting for VolumeSnapshot " + status.volumeSnapshot + " to be "
          + (snapshot.cut() ? "ready to use" : "taken");
      boolean early = !snapshot.cut() && now.isBefore(Instant.parse(status.copyTime).plus(CUT_FAST_FOR));
      return Decision.of(status, actions).requeueAfter(early ? CUT_RECHECK : COPY_RECHECK);
    }
    if (observed.claimProblem() != null) {
      return fail(backup, status, observed, actions, "ValidationFailed", observed.claimProblem(), now);
    }
    status.copyClaim = claimName(name);
    return toRunning(backup, status, observed,
        new Action.CreateCopyClaim(status.copyClaim, "VolumeSnapshot", status.volumeSnapshot, claim), actions, now);
  }

  /**
   * While {@code Running}, after the Job's own outcome was decided: the post hooks once the copy is taken (Clone: its
   * claim is Bound), or the Backup leaves Running (Direct: the Job ended, after a failure too); the clean-up once it
   * leaves Running; and a look again soon while a clone's bind is awaited.
   */
  static Decision<BackupStatus> aroundRunning(Backup backup,
      Decision<BackupStatus> decided, BackupObservation observed) {
    BackupStatus status = decided.status();
    List<Action> actions = new ArrayList<>(decided.actions());
    if (status.phase != BackupPhase.Running) {
      wrapUp(backup, status, observed, actions);
      return new Decision<>(status, actions, decided.requeueAfter());
    }
    List<BackupHook> post = post(backup, observed);
    if (post.isEmpty() || ran(status, POST) || status.hooks == null) {
      return decided;
    }
    if (backup.getSpec().copyMethodOrDefault() == CopyMethod.Clone && observed.copyOrNone().copyClaim() == PvcState.BOUND) {
      actions.add(new Action.RunHooks(POST, post));
    }
    Duration requeue = decided.requeueAfter() == null || decided.requeueAfter().compareTo(COPY_RECHECK) > 0
        ? COPY_RECHECK : decided.requeueAfter();
    return new Decision<>(status, actions, requeue);
  }

  /** The copy's objects, once the Job that read them is done (or the Backup ends): deleted. */
  static void cleanUp(BackupStatus status, List<Action> actions) {
    if (status.copyClaim != null || status.volumeSnapshot != null) {
      actions.add(new Action.DeleteCopy(status.volumeSnapshot, status.copyClaim));
    }
  }

  /** Abort or failure after the copy began: the post hooks (if a stage began and they have not run), the clean-up. */
  static void wrapUp(Backup backup, BackupStatus status, BackupObservation observed, List<Action> actions) {
    List<BackupHook> post = post(backup, observed);
    if (status.hooks != null && !post.isEmpty() && !ran(status, POST)) {
      actions.add(new Action.RunHooks(POST, post));
    }
    cleanUp(status, actions);
    if (holdsHooksFinalizer(backup)) {
      actions.add(new Action.Finalizer(Labels.HOOKS_FINALIZER, false));
    }
  }

  /**
   * A Backup deleted while its hooks were in play (it holds {@link Labels#HOOKS_FINALIZER}): its Job stopped, the post
   * hooks run and the copy deleted, with a status saying so; then, in the next pass, the finalizer goes (a status
   * written after it would meet an object that is gone).
   */
  public static Decision<BackupStatus> onDeletion(Backup backup, BackupObservation observed, Instant now) {
    BackupStatus status = dev.lifeboat.api.Copies.deepCopy(backup.getStatus(), BackupStatus.class);
    if (status == null) {
      status = new BackupStatus();
    }
    List<Action> actions = new ArrayList<>();
    List<BackupHook> post = post(backup, observed);
    // The finalizer came with the pre hooks' pass: they may have run even when no result was written. A thaw without a
    // freeze is harmless; a freeze without a thaw is not.
    boolean pending = !post.isEmpty() && !ran(status, POST);
    boolean copies = status.copyClaim != null || status.volumeSnapshot != null;
    if (pending || copies || !status.phaseOrPending().isTerminal()) {
      if (observed.backupJob() != null && observed.backupJob().state() == dev.lifeboat.lifecycle.JobView.JobState.ACTIVE) {
        actions.add(new Action.DeleteJob(observed.backupJob().name()));
      }
      if (pending) {
        actions.add(new Action.RunHooks(POST, post));
      }
      cleanUp(status, actions);
      status.copyClaim = null;
      status.volumeSnapshot = null;
      if (!status.phaseOrPending().isTerminal()) {
        status.phase = BackupPhase.Failed;
        status.message = "deleted before it finished; its post hooks ran and its copy was deleted";
        status.completionTime = now.toString();
        Conditions.set(status.conditions, Conditions.READY, false, "Deleted", status.message, status.observedGeneration,
            now);
      }
      return Decision.of(status, actions);
    }
    actions.add(new Action.Finalizer(Labels.HOOKS_FINALIZER, false));
    return Decision.of(status, actions);
  }

  public static boolean holdsHooksFinalizer(Backup backup) {
    return backup.getMetadata().getFinalizers() != null
        && backup.getMetadata().getFinalizers().contains(Labels.HOOKS_FINALIZER);
  }

  private static Decision<BackupStatus> fail(Backup backup, BackupStatus status,
      BackupObservation observed, List<Action> actions, String reason, String message, Instant now) {
    wrapUp(backup, status, observed, actions);
    status.phase = BackupPhase.Failed;
    status.message = message;
    status.completionTime = status.completionTime == null ? now.toString() : status.completionTime;
    Conditions.set(status.conditions, Conditions.READY, false, reason, message, status.observedGeneration, now);
    actions.add(new Action.RecordEvent(EventType.Warning, reason, message));
    return Decision.of(status, actions);
  }

  /** The Job (after {@code copy}, the temporary claim it reads), unless its pod may not run (its mover, its image). */
  private static Decision<BackupStatus> toRunning(Backup backup, BackupStatus status,
      BackupObservation observed, Action copy, List<Action> actions, Instant now) {
    if (observed.claimProblem() != null) {
      return fail(backup, status, observed, actions, "ValidationFailed", observed.claimProblem(), now);
    }
    if (copy != null) {
      actions.add(copy);
    }
    String jobName = JobNames.jobName(backup.getMetadata().getName(), JobPurpose.BACKUP);
    actions.add(new Action.CreateJob(JobPurpose.BACKUP, jobName));
    actions.add(new Action.RecordEvent(EventType.Normal, "Started", "Created backup Job " + jobName
        + (status.copyClaim == null ? "" : " reading " + status.copyClaim)));
    status.phase = BackupPhase.Running;
    status.jobName = jobName;
    status.message = BackupLifecycle.RUNNING_MESSAGE;
    Conditions.set(status.conditions, Conditions.READY, false, "Running", "backup in progress",
        status.observedGeneration, now);
    return Decision.of(status, actions);
  }

  static List<BackupHook> pre(Backup backup, BackupObservation observed) {
    return joined(stage(backup.getSpec().hooks, true), observed.copyOrNone().annotatedPre());
  }

  static List<BackupHook> post(Backup backup, BackupObservation observed) {
    return joined(stage(backup.getSpec().hooks, false), observed.copyOrNone().annotatedPost());
  }

  private static List<BackupHook> stage(BackupHooks hooks, boolean pre) {
    List<BackupHook> list = hooks == null ? null : pre ? hooks.pre : hooks.post;
    return list == null ? List.of() : list;
  }

  private static List<BackupHook> joined(List<BackupHook> own, List<BackupHook> annotated) {
    List<BackupHook> all = new ArrayList<>(own);
    all.addAll(annotated == null ? List.of() : annotated);
    return all;
  }

  static boolean ran(BackupStatus status, String stage) {
    return status.hooks != null && status.hooks.stream().anyMatch(r -> stage.equals(r.stage));
  }

  private static HookResult firstFailure(BackupStatus status, String stage) {
    return status.hooks == null ? null : status.hooks.stream()
        .filter(r -> stage.equals(r.stage) && !r.succeeded() && !Boolean.FALSE.equals(r.failsBackup))
        .findFirst().orElse(null);
  }
}
