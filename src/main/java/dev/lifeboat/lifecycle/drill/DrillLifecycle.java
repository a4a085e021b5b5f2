package dev.lifeboat.lifecycle.drill;

import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.Copies;
import dev.lifeboat.api.Drill;
import dev.lifeboat.api.DrillPhase;
import dev.lifeboat.api.DrillStatus;
import dev.lifeboat.api.Durations;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Restore;
import dev.lifeboat.api.RestoreMode;
import dev.lifeboat.api.RestoreSpec;
import dev.lifeboat.api.RestoreTarget;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Action.EventType;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.JobView;
import dev.lifeboat.lifecycle.JobView.JobState;
import dev.lifeboat.lifecycle.drill.DrillObservation.Owned;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The Drill state machine: restore a Backup where no application looks, prove it reads back, time it, clean up.
 *
 * <pre>
 *  (the scratch is deleted in the pass after the one that records Succeeded or Failed: a crash in between repeats it)
 *
 *  Pending ──(Backup Ready, snapshot not missing, scratch name free)──► Restoring
 *     │ ▲ Backup still running: wait
 *     │        create the scratch claim &lt;drill&gt;-scratch             │ then the Restore &lt;drill&gt;-drill into it
 *     │                                                                │ (restic restore --verify re-reads each file)
 *     │                                                     Restore Completed
 *     │                                                                ▼
 *     │                                      Verifying ──(verify command's Job, if any, succeeded)──► Succeeded
 *     │                                         │                                        rtoSeconds; scratch deleted
 *     └──── Failed ◄── Restore failed ──────────┴── verify Job failed
 *            scratch kept until status.scratchKeptUntil (spec.keepFailed), then deleted
 * </pre>
 *
 * <p>A drill touches no production object: its Restore's target is the scratch claim, which it creates and owns,
 * and a claim or Restore of those names that is not the drill's (its owner reference) fails the drill before
 * anything is written. Every action is idempotent by name, so a pass repeated after a crash creates nothing twice.
 */
public final class DrillLifecycle {
  static final Duration OBJECT_RECHECK = Duration.ofSeconds(2);
  static final Duration RESTORE_RECHECK = Duration.ofSeconds(10);
  static final Duration BACKUP_RECHECK = Duration.ofSeconds(10);

  private DrillLifecycle() {}

  public static String scratchName(String drill) {
    return JobNames.fit(drill + "-scratch", 253);
  }

  public static String restoreName(String drill) {
    return JobNames.fit(drill + "-drill", 253);
  }

  public static Decision<DrillStatus> decide(Drill drill, DrillObservation o, Instant now) {
    Pass c = new Pass(drill, now);
    switch (c.status.phaseOrPending()) {
      case Pending -> pending(c, o);
      case Restoring -> restoring(c, o);
      case Verifying -> verifying(c, o);
      case Failed -> failed(c, o);
      case Succeeded -> succeeded(c);
    }
    return Decision.of(c.status, c.actions).requeueAfter(c.requeue);
  }

  private static void pending(Pass c, DrillObservation o) {
    List<String> problems = DrillChecks.problems(c.drill.getSpec());
    if (!problems.isEmpty()) {
      c.fail("ValidationFailed", String.join("; ", problems));
      return;
    }
    DrillObservation.Chosen b = o.backup();
    if (b == null) {
      c.fail("NoBackup", o.unresolved());
      return;
    }
    c.status.backup = b.name();
    c.status.pvc = b.pvc();
    c.status.repository = b.repository();
    c.status.snapshotId = b.snapshotId();
    if (b.phase() == null || !b.phase().isTerminal()) {
      c.status.message = "waiting for Backup " + b.name() + " to be Ready (now " + (b.phase() == null ? "Pending"
          : b.phase()) + ")";
      c.requeue = BACKUP_RECHECK;
      return;
    }
    if (b.phase() != BackupPhase.Ready) {
      c.fail("BackupNotReady", "Backup " + b.name() + " is " + b.phase() + ": only a Ready Backup has a snapshot to drill");
      return;
    }
    if (b.snapshotMissing() != null) {
      c.fail("SnapshotMissing", "Backup " + b.name() + " cannot come back: its snapshot is gone from Repository "
          + b.repository() + " (" + b.snapshotMissing() + ")");
      return;
    }
    if (b.pvc() == null) {
      database(c, b);
      return;
    }
    if (o.scratchClaim() == Owned.FOREIGN || o.restoreObject() == Owned.FOREIGN) {
      c.fail("NameTaken", taken(c, o));
      return;
    }
    if (o.scratchSize() == null) {
      c.fail("NoScratchSize", "claim " + b.pvc() + " no longer exists, so the scratch claim's size is unknown: set"
          + " spec.scratch.size (--scratch-size)");
      return;
    }
    c.status.backupAgeSeconds = b.snapshotTime() == null ? null
        : Math.max(0, Duration.between(b.snapshotTime(), c.now).toSeconds());
    c.status.startTime = c.now.toString();
    c.status.scratchPvc = scratchName(c.name);
    c.status.restore = restoreName(c.name);
    c.actions.add(new Action.CreateScratchClaim(c.status.scratchPvc, b.pvc(), o.scratchSize().size(),
        o.scratchSize().storageClass()));
    c.moveTo(DrillPhase.Restoring, "restoring Backup " + b.name() + " into scratch claim " + c.status.scratchPvc);
    c.event(EventType.Normal, "Restoring", c.status.message);
    c.requeue = OBJECT_RECHECK;
  }

  /** A PostgreSQL Backup: one Job creates the scratch database, restores, checks and drops it. */
  private static void database(Pass c, DrillObservation.Chosen b) {
    if (!"postgres".equals(b.application())) {
      c.fail("NotSupported", "Backup " + b.name() + " is of a " + b.application() + " source: drills restore claims"
          + " and PostgreSQL databases (pg_dump); restore this one by hand where it harms nothing");
      return;
    }
    c.status.backupAgeSeconds = b.snapshotTime() == null ? null
        : Math.max(0, Duration.between(b.snapshotTime(), c.now).toSeconds());
    c.status.startTime = c.now.toString();
    c.status.scratchDatabase = scratchDatabase(c.drill);
    c.actions.add(new Action.CreateJob(JobPurpose.DRILL_RESTORE, JobNames.jobName(c.name, JobPurpose.DRILL_RESTORE)));
    c.moveTo(DrillPhase.Restoring, "restoring Backup " + b.name() + " into scratch database " + c.status.scratchDatabase);
    c.event(EventType.Normal, "Restoring", c.status.message);
  }

  /** lifeboat_drill_ and a hash of the drill's uid: a name no application uses, the same after a crash. */
  public static String scratchDatabase(Drill drill) {
    return "lifeboat_drill_" + JobNames.shortHash(String.valueOf(drill.getMetadata().getUid()));
  }

  private static void databaseRestoring(Pass c, DrillObservation o) {
    JobView job = o.databaseJob();
    if (job == null) {
      c.fail("RestoreFailed", "drill Job " + JobNames.jobName(c.name, JobPurpose.DRILL_RESTORE)
          + " was deleted before it finished");
    } else if (job.state() == JobState.FAILED) {
      c.fail("RestoreFailed", job.bestFailureReason());
    } else if (job.state() == JobState.SUCCEEDED) {
      if (job.report() != null && job.report().summary() != null) {
        c.status.restoredFiles = job.report().summary().totalFilesProcessed;
        c.status.restoredBytes = job.report().summary().totalBytesProcessed;
      }
      c.moveTo(DrillPhase.Verifying, job.report() == null ? "restored and checked" : job.report().message());
      c.succeed();
      c.status.scratchDeleted = Boolean.TRUE; // the Job dropped it once the check passed
    } else {
      waitForJob(c, job);
    }
  }

  private static void restoring(Pass c, DrillObservation o) {
    if (c.status.scratchDatabase != null) {
      databaseRestoring(c, o);
      return;
    }
    if (o.scratchClaim() == Owned.FOREIGN || o.restoreObject() == Owned.FOREIGN) {
      c.fail("NameTaken", taken(c, o));
      return;
    }
    if (o.scratchClaim() == Owned.ABSENT) {
      // Not seen yet (the cache is behind our create), or a crash came between the status and the claim: the create
      // is idempotent by name.
      c.actions.add(new Action.CreateScratchClaim(c.status.scratchPvc, c.status.pvc,
          o.scratchSize() == null ? null : o.scratchSize().size(), o.scratchSize() == null ? null : o.scratchSize().storageClass()));
      c.requeue = OBJECT_RECHECK;
      return;
    }
    if (o.restoreObject() == Owned.ABSENT) {
      c.actions.add(new Action.CreateRestore(restore(c)));
      c.requeue = OBJECT_RECHECK;
      return;
    }
    DrillObservation.RestoreView r = o.restore();
    switch (r.phase() == null ? dev.lifeboat.api.RestorePhase.Pending : r.phase()) {
      case Completed -> {
        c.status.restoredFiles = r.files();
        c.status.restoredBytes = r.bytes();
        List<String> command = c.drill.getSpec().verifyCommand;
        if (command == null || command.isEmpty()) {
          c.moveTo(DrillPhase.Verifying, "restic re-read every restored file (restore --verify)");
          c.succeed();
          return;
        }
        c.status.verifyJobName = JobNames.jobName(c.name, JobPurpose.DRILL_VERIFY);
        c.actions.add(new Action.CreateJob(JobPurpose.DRILL_VERIFY, c.status.verifyJobName));
        c.moveTo(DrillPhase.Verifying, "restored " + r.files() + " files; running the verify command");
      }
      case Failed, PruneComplete, PruneFailed, Aborted -> c.fail("RestoreFailed",
          "restore " + c.status.restore + " " + r.phase() + ": " + r.message());
      default -> {
        c.status.message = "restore " + c.status.restore + ": " + (r.phase() == null ? "Pending" : r.phase())
            + (r.message() == null ? "" : " - " + r.message());
        c.requeue = RESTORE_RECHECK;
      }
    }
  }

  private static void verifying(Pass c, DrillObservation o) {
    JobView job = o.verifyJob();
    if (c.status.verifyJobName == null) {
      c.succeed(); // no verify command: restic's --verify was the check
    } else if (job == null) {
      c.fail("VerifyFailed", "verify Job " + c.status.verifyJobName + " was deleted before it finished");
    } else if (job.state() == JobState.FAILED) {
      c.fail("VerifyFailed", "the verify command failed: " + job.bestFailureReason());
    } else if (job.state() == JobState.SUCCEEDED) {
      c.succeed();
    } else {
      waitForJob(c, job);
    }
  }

  /** A running Job: its pod that never starts fails the drill after spec.startTimeout, in Kubernetes' words. */
  private static void waitForJob(Pass c, JobView job) {
    Duration startTimeout = Durations.startTimeout(c.drill.getSpec().startTimeout);
    if (job.notStartedWithin(startTimeout, c.now)) {
      c.fail(c.status.phase == DrillPhase.Verifying ? "VerifyFailed" : "RestoreFailed", "Job " + job.name()
          + " did not start within " + Durations.format(startTimeout) + " (spec.startTimeout): "
          + (job.notStartedReason() == null ? "its pod stayed Pending" : job.notStartedReason()));
    } else {
      c.requeue = job.notStartedSince() == null ? null : JobView.NOT_STARTED_RECHECK;
    }
  }

  /**
   * A Succeeded drill's scratch goes in the pass after the one that recorded the success: deleted first, a verify Job
   * gone would make a controller that crashed in between read the drill as failed.
   */
  private static void succeeded(Pass c) {
    if (c.status.scratchPvc != null && !Boolean.TRUE.equals(c.status.scratchDeleted)) {
      c.deleteScratch();
    }
  }

  /** A failed drill's scratch goes once its keepFailed is over. */
  private static void failed(Pass c, DrillObservation o) {
    if (Boolean.TRUE.equals(c.status.scratchDeleted) || c.status.scratchKeptUntil == null) {
      return;
    }
    Instant until = Instant.parse(c.status.scratchKeptUntil);
    if (c.now.isBefore(until)) {
      c.requeue = Duration.between(c.now, until);
      return;
    }
    if (c.status.scratchDatabase != null) {
      dropDatabase(c, o.databaseJob());
      return;
    }
    c.deleteScratch();
    c.status.message = "failed: " + c.status.failure + "; scratch claim " + c.status.scratchPvc + " deleted";
  }

  /** A kept scratch database is dropped by a Job: the controller holds no database credentials. */
  private static void dropDatabase(Pass c, JobView job) {
    String name = JobNames.jobName(c.name, JobPurpose.DRILL_CLEANUP);
    if (job == null) {
      c.actions.add(new Action.CreateJob(JobPurpose.DRILL_CLEANUP, name));
      c.requeue = OBJECT_RECHECK;
    } else if (job.state() == JobState.SUCCEEDED) {
      c.status.scratchDeleted = Boolean.TRUE;
      c.status.scratchKeptUntil = null;
      c.status.message = "failed: " + c.status.failure + "; scratch database " + c.status.scratchDatabase + " dropped";
    } else if (job.state() == JobState.FAILED) {
      // Not retried forever: the drill settles, and says what is left behind.
      c.status.scratchDeleted = null;
      c.status.scratchKeptUntil = null;
      c.status.message = "failed: " + c.status.failure + "; dropping scratch database " + c.status.scratchDatabase
          + " failed (" + job.bestFailureReason() + "): drop it by hand";
      c.event(EventType.Warning, "ScratchLeft", c.status.message);
    } else {
      c.requeue = JobView.NOT_STARTED_RECHECK;
    }
  }

  private static String taken(Pass c, DrillObservation o) {
    boolean claim = o.scratchClaim() == Owned.FOREIGN;
    String name = claim ? scratchName(c.name) : restoreName(c.name);
    return (claim ? "PersistentVolumeClaim " : "Restore ") + name + " exists and is not this drill's: lifeboat never"
        + " writes into it; delete it, or give the drill another name";
  }

  /** The drill's Restore: the Backup into the scratch claim, owned by the drill (deleted with it). */
  private static Restore restore(Pass c) {
    Restore r = new Restore();
    r.getMetadata().setName(c.status.restore);
    r.getMetadata().setNamespace(c.drill.getMetadata().getNamespace());
    var labels = new LinkedHashMap<String, String>();
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    labels.put(Labels.DRILL, JobNames.labelValue(c.name));
    r.getMetadata().setLabels(labels);
    r.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion(c.drill.getApiVersion())
        .withKind(c.drill.getKind()).withName(c.name).withUid(c.drill.getMetadata().getUid()).withController(true)
        .withBlockOwnerDeletion(false).build()));
    RestoreSpec spec = new RestoreSpec();
    spec.backup = c.status.backup;
    spec.target = new RestoreTarget();
    spec.target.pvc = c.status.scratchPvc;
    spec.mode = RestoreMode.Replace;
    spec.timeout = c.drill.getSpec().timeout;
    spec.startTimeout = c.drill.getSpec().startTimeout;
    r.setSpec(spec);
    return r;
  }

  /** One pass: the status being decided, its actions, when to look again. */
  private static final class Pass {
    final Drill drill;
    final String name;
    final Instant now;
    final DrillStatus status;
    final List<Action> actions = new ArrayList<>();
    Duration requeue;

    Pass(Drill drill, Instant now) {
      this.drill = drill;
      this.name = drill.getMetadata().getName();
      this.now = now;
      DrillStatus copy = Copies.deepCopy(drill.getStatus(), DrillStatus.class);
      this.status = copy == null ? new DrillStatus() : copy;
    }

    void moveTo(DrillPhase phase, String message) {
      status.phase = phase;
      status.message = message;
      status.history.add(new DrillStatus.DrillPhaseChange(phase, now.toString(), message));
    }

    void event(EventType type, String reason, String message) {
      actions.add(new Action.RecordEvent(type, reason, message));
    }

    void succeed() {
      status.completionTime = now.toString();
      status.rtoSeconds = Duration.between(Instant.parse(status.startTime), now).toSeconds();
      status.scratchDeleted = status.scratchPvc == null ? null : Boolean.FALSE;
      requeue = Duration.ZERO; // the next pass deletes the scratch
      moveTo(DrillPhase.Succeeded, "restored " + (status.restoredFiles == null ? "" : status.restoredFiles + " files ("
          + status.restoredBytes + " bytes) ") + "from Backup " + status.backup + " and verified in " + status.rtoSeconds
          + "s");
      event(EventType.Normal, "Succeeded", status.message);
    }

    void fail(String reason, String why) {
      status.failure = why;
      status.completionTime = now.toString();
      String kept = "";
      if (status.scratchPvc != null || status.scratchDatabase != null) {
        // Deleted in a later pass, as after a success (keepFailed 0s: the next one).
        Duration keep = Durations.parse(drill.getSpec().keepFailedOrDefault());
        status.scratchKeptUntil = now.plus(keep).toString();
        status.scratchDeleted = Boolean.FALSE;
        requeue = keep;
        kept = keep.isZero() ? "" : "; scratch " + (status.scratchPvc != null ? "claim " + status.scratchPvc
            : "database " + status.scratchDatabase) + " kept until " + status.scratchKeptUntil + " for a look";
      }
      moveTo(DrillPhase.Failed, "failed: " + why + kept);
      event(EventType.Warning, reason, why);
    }

    void deleteScratch() {
      if (status.scratchPvc != null) {
        actions.add(new Action.DeleteScratch(status.restore, status.verifyJobName, status.scratchPvc));
      }
      status.scratchDeleted = status.scratchPvc == null ? null : Boolean.TRUE;
      status.scratchKeptUntil = null;
    }
  }
}
