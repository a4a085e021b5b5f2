package dev.lifeboat.lifecycle.backup;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.Labels;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Action.EventType;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.JobView;
import dev.lifeboat.lifecycle.JobView.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The end of a Backup deleted with deletionPolicy Delete: its snapshot is forgotten, then its
 * finalizer {@code lifeboat.dev/forget} comes off and the object goes.
 *
 * <pre>
 *   deleted ──► unfinished (Running/Completed) ──► its lifecycle goes on to Ready/Failed
 *      │  never started (Pending), no snapshot, or repository gone (Warning) ──► finalizer off
 *      │  an imported snapshot of another namespace (restic host) ──► kept (Warning), finalizer off
 *      ▼
 *   waiting for the repository's forget Job ─── none active: create one for the first
 *      │                                        {@value #BATCH} pending snapshots of the repository
 *      ├── a succeeded forget Job lists my snapshot ──► finalizer off
 *      └── a failed one lists it ──► Warning; after {@link #RETRY_AFTER} delete it (the next pass makes a new one)
 * </pre>
 *
 * Forgets are batched (restic takes an exclusive lock: one process per repository, never one per
 * Backup). The Job's name is a hash of its batch, so engines racing on the same batch create it once.
 */
public final class BackupForget {
  public static final int BATCH = 100;
  static final Duration RETRY_AFTER = Duration.ofMinutes(5);
  static final Duration WAIT = Duration.ofSeconds(30);

  private BackupForget() {}

  /** A Backup of the repository whose snapshot waits to be forgotten. */
  public record Pending(String backup, String snapshotId) {}

  /** A forget Job of the repository and the snapshots it forgets. */
  public record ForgetJob(JobView job, List<String> snapshotIds) {}

  /** @param pending every Backup of the repository waiting on a forget, sorted by name */
  public record Observation(boolean repositoryExists, List<Pending> pending, List<ForgetJob> jobs) {}

  /** What to do: actions, when to look again, and the batch a created Job is for. */
  public record Outcome(List<Action> actions, Duration requeueAfter, List<Pending> batch) {}

  /** Whether this Backup is one the forget path handles (deleted, with the finalizer, not still running). */
  public static boolean applies(Backup backup) {
    var finalizers = backup.getMetadata().getFinalizers();
    BackupPhase phase = backup.getStatus() == null ? null : backup.getStatus().phase;
    return backup.getMetadata().getDeletionTimestamp() != null && finalizers != null
        && finalizers.contains(Labels.FORGET_FINALIZER) && (phase == null || phase == BackupPhase.Pending || phase.isTerminal());
  }

  public static String jobName(String repository, List<Pending> batch) {
    String ids = String.join(",", batch.stream().map(Pending::snapshotId).toList());
    return JobNames.fit(repository + "-" + JobPurpose.FORGET.suffix() + "-" + JobNames.shortHash(ids), JobNames.MAX_JOB_NAME);
  }

  public static Outcome decide(Backup backup, Observation observed, Instant now) {
    List<Action> actions = new ArrayList<>();
    String snapshot = backup.getStatus() == null ? null : backup.getStatus().snapshotId;
    String repository = backup.getSpec().repository;
    if (snapshot == null) {
      return done(actions);
    }
    String owner = snapshotNamespace(backup);
    if (!owner.equals(backup.getMetadata().getNamespace())) {
      // A shared repository holds other namespaces' snapshots; a Backup imported here stands for one of them, and
      // deleting it must not take that namespace's data.
      actions.add(new Action.RecordEvent(EventType.Warning, "SnapshotNotForgotten", "snapshot " + snapshot
          + " stays: it was made in namespace " + owner + " (restic host), not " + backup.getMetadata().getNamespace()
          + "; only a Backup of that namespace forgets it"));
      return done(actions);
    }
    if (!observed.repositoryExists()) {
      actions.add(new Action.RecordEvent(EventType.Warning, "SnapshotNotForgotten", "snapshot " + snapshot
          + " stays: Repository " + repository + " does not exist, so nothing can forget it"));
      return done(actions);
    }
    for (ForgetJob job : observed.jobs()) {
      if (!job.snapshotIds().contains(snapshot)) {
        continue;
      }
      if (job.job().state() == JobState.SUCCEEDED) {
        actions.add(new Action.RecordEvent(EventType.Normal, "SnapshotForgotten", "snapshot " + snapshot
            + " forgotten in Repository " + repository + " (by Job " + job.job().name() + ")"));
        return done(actions);
      }
      if (job.job().state() == JobState.FAILED) {
        Instant retry = job.job().finishedAt() == null ? now : job.job().finishedAt().plus(RETRY_AFTER);
        if (!now.isBefore(retry)) {
          actions.add(new Action.RecordEvent(EventType.Warning, "ForgetFailed", "forgetting snapshot " + snapshot
              + " failed (" + job.job().bestFailureReason() + "); trying again"));
          actions.add(new Action.DeleteJob(job.job().name()));
          return new Outcome(actions, WAIT, List.of());
        }
        return new Outcome(actions, Duration.between(now, retry), List.of());
      }
    }
    if (observed.jobs().stream().anyMatch(j -> j.job().state() == JobState.ACTIVE)) {
      return new Outcome(actions, WAIT, List.of()); // one forget at a time per repository
    }
    // Snapshots a succeeded Job forgot wait only for their finalizer: never forget them twice.
    List<Pending> batch = observed.pending().stream()
        .filter(p -> observed.jobs().stream().noneMatch(j -> j.job().state() == JobState.SUCCEEDED
            && j.snapshotIds().contains(p.snapshotId())))
        .limit(BATCH).toList();
    if (batch.stream().noneMatch(p -> p.snapshotId().equals(snapshot))) {
      batch = List.of(new Pending(backup.getMetadata().getName(), snapshot)); // not seen as pending yet: just mine
    }
    actions.add(new Action.CreateJob(JobPurpose.FORGET, jobName(repository, batch)));
    return new Outcome(actions, WAIT, batch);
  }

  /** The namespace whose snapshot this is: restic's host of an imported one, else the Backup's own (it made it). */
  static String snapshotNamespace(Backup backup) {
    if (backup.getSpec().wasImported() && backup.getSpec().snapshot != null && backup.getSpec().snapshot.hostname != null) {
      return backup.getSpec().snapshot.hostname;
    }
    return backup.getMetadata().getNamespace();
  }

  private static Outcome done(List<Action> actions) {
    actions.add(new Action.Finalizer(Labels.FORGET_FINALIZER, false));
    return new Outcome(actions, null, List.of());
  }
}
