package dev.lifeboat.lifecycle.repository;

import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Conditions;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.JobView;

import dev.lifeboat.api.Copies;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.RepositoryPhase;
import dev.lifeboat.api.RepositoryStatus;
import dev.lifeboat.lifecycle.Action.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The Repository state machine: the init path, then, while Ready, its {@link Maintenance}.
 *
 * <pre>
 *   (new or spec changed) ──► Unknown ── create Job &lt;name&gt;-init-g&lt;generation&gt; ──► Initializing
 *                                                                                     │
 *                                          Job succeeded (found, or created with init: Auto)
 *                                                          ┌─────────────────────────┤
 *                                                          ▼                         ▼
 *                                                        Ready                    Failed
 *                                                                         (Job failed or deleted)
 * </pre>
 *
 * <p>The init Job name carries the spec generation, so a spec change (new URL, new password
 * Secret) runs a fresh check without deleting the old Job, and a Failed repository is retried
 * by fixing its spec. A Ready repository runs check, prune, verify and unlock Jobs (one at a time)
 * on its crons and on request: see {@link Maintenance}.
 */
public final class RepositoryLifecycle {
  private RepositoryLifecycle() {}

  public static Decision<RepositoryStatus> decide(Repository repository, RepositoryObservation observed, Instant now) {
    RepositoryStatus status = Copies.deepCopy(repository.getStatus(), RepositoryStatus.class);
    if (status == null) {
      status = new RepositoryStatus();
    }
    List<Action> actions = new ArrayList<>();
    long generation = repository.getMetadata().getGeneration() == null ? 1 : repository.getMetadata().getGeneration();
    String jobName = JobNames.initJobName(repository.getMetadata().getName(), generation);
    boolean specChanged = status.observedGeneration == null || status.observedGeneration != generation;
    if (specChanged && status.phase == RepositoryPhase.Ready && connection(repository).equals(status.connection)) {
      specChanged = false; // only maintenance, deletion or import settings changed: the repository opens as before
    }
    status.observedGeneration = generation;
    RepositoryPhase phase = status.phase == null || specChanged ? RepositoryPhase.Unknown : status.phase;
    JobView job = observed.initJob();
    if (repository.getMetadata().getDeletionTimestamp() != null) {
      return RepositoryDeletion.decide(repository, status, observed.deleteDataJob(), observed.sharingUrl(),
          observed.inUseBy(), actions);
    }
    RepositoryDeletion.keepFinalizer(repository, actions);
    if (observed.outOfReach() != null) {
      if (status.phase != RepositoryPhase.Failed || !observed.outOfReach().equals(status.message)) {
        fail(status, actions, "OutOfReach", observed.outOfReach(), generation, now);
      }
      return Decision.of(status, actions); // until the spec changes: nothing runs for it
    }

    switch (phase) {
      case Unknown -> {
        if (job == null) {
          actions.add(new Action.CreateJob(JobPurpose.REPOSITORY_INIT, jobName));
          actions.add(new Action.RecordEvent(EventType.Normal, "Initializing", "Created init Job " + jobName));
        }
        status.phase = RepositoryPhase.Initializing;
        status.initJobName = jobName;
        status.message = "checking the repository";
        status.created = null;
        status.readyTime = null;
        status.connection = connection(repository); // what this init Job checks
        Conditions.set(status.conditions, Conditions.READY, false, "Initializing", status.message, generation, now);
        if (job != null) {
          return afterInitJob(status, job, actions, generation, now);
        }
        return Decision.of(status, actions);
      }
      case Initializing -> {
        if (job == null) {
          fail(status, actions, "JobDeleted", "init Job " + jobName
              + " was deleted before it finished; change the spec (or recreate the Repository) to retry", generation, now);
          return Decision.of(status, actions);
        }
        return afterInitJob(status, job, actions, generation, now);
      }
      case Ready -> {
        Duration next = Maintenance.decide(repository, status, observed.maintenance(), now, actions);
        return Decision.of(status, actions).requeueAfter(next);
      }
      default -> {
        return Decision.of(status, actions); // Failed stays until the spec changes.
      }
    }
  }

  private static Decision<RepositoryStatus> afterInitJob(RepositoryStatus status, JobView job, List<Action> actions,
      long generation, Instant now) {
    switch (job.state()) {
      case ACTIVE -> {
        return Decision.of(status, actions);
      }
      case SUCCEEDED -> {
        status.phase = RepositoryPhase.Ready;
        status.created = job.report() != null && Boolean.TRUE.equals(job.report().created()) ? Boolean.TRUE : null;
        status.message = Boolean.TRUE.equals(status.created) ? "repository created" : "repository opened";
        status.readyTime = now.toString();
        Conditions.set(status.conditions, Conditions.READY, true, "Ready", status.message, generation, now);
        actions.add(new Action.RecordEvent(EventType.Normal, "Ready", status.message));
        return Decision.of(status, actions);
      }
      default -> {
        fail(status, actions, "InitFailed", job.bestFailureReason(), generation, now);
        return Decision.of(status, actions);
      }
    }
  }

  /** What decides how the repository is opened: a change of it needs a new init check. */
  static String connection(Repository repository) {
    var spec = repository.getSpec();
    return JobNames.shortHash(spec.url + "|" + (spec.passwordSecretRef == null ? "" : spec.passwordSecretRef.name + "/"
        + spec.passwordSecretRef.keyOrDefault()) + "|" + spec.credentialsSecret + "|" + spec.initOrDefault());
  }

  private static void fail(RepositoryStatus status, List<Action> actions, String reason, String message,
      long generation, Instant now) {
    status.phase = RepositoryPhase.Failed;
    status.message = message;
    Conditions.set(status.conditions, Conditions.READY, false, reason, message, generation, now);
    actions.add(new Action.RecordEvent(EventType.Warning, reason, message));
  }
}
