package dev.lifeboat.lifecycle.repository;

import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.RepositoryStatus;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Action.EventType;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.JobView;
import java.util.List;

/**
 * deletionPolicy Delete: the Repository carries the finalizer {@code lifeboat.dev/delete-data}; when
 * it is deleted, a Job removes the data, and only its success lets the object go.
 *
 * <pre>
 *   deleted ──► create Job &lt;name&gt;-delete-data ──► Job succeeded ──► finalizer removed (object gone)
 *                                                 └─► Job failed ───► stays, with the reason
 *                                                     (fix and recreate the Job by deleting it, or remove the
 *                                                      finalizer by hand to keep the data)
 * </pre>
 *
 * <p>The Job waits, with no deadline of its own, while the repository's backup, restore or forget Jobs run or its
 * Backups are being forgotten (a schedule deleted with its Backups just before): each would fail on a removed
 * repository, and restic's lock would fail the removal.
 *
 * <p>With Retain (the default) there is no finalizer: deleting the object leaves the data.
 *
 * <p>A URL that other Repositories (any namespace) also name is one restic repository holding their snapshots too:
 * removing it is not this object's call, but this namespace's snapshots are (restic host = namespace). The Job then
 * forgets those only ({@code --own-snapshots-only}: no prune beside the others' backups, no removal); the space comes
 * back at the next prune of a Repository of the URL.
 */
public final class RepositoryDeletion {
  /** How often a deletion waiting for Jobs and forgetting Backups looks again (nothing of theirs wakes a Repository). */
  static final java.time.Duration RECHECK = java.time.Duration.ofSeconds(3);

  private RepositoryDeletion() {}

  static String jobName(String repository) {
    return JobNames.jobName(repository, JobPurpose.DELETE_DATA);
  }

  /** Adds the finalizer with policy Delete, removes it with Retain. */
  static void keepFinalizer(Repository repository, List<Action> actions) {
    boolean has = hasFinalizer(repository);
    boolean wants = repository.getSpec().deletesData();
    if (has != wants) {
      actions.add(new Action.Finalizer(Labels.DELETE_DATA_FINALIZER, wants));
    }
  }

  static Decision<RepositoryStatus> decide(Repository repository, RepositoryStatus status, JobView job,
      List<String> sharingUrl, List<String> inUseBy, List<Action> actions) {
    if (!hasFinalizer(repository)) {
      return Decision.of(status, actions);
    }
    String name = jobName(repository.getMetadata().getName());
    if (job == null && !inUseBy.isEmpty()) {
      // Forgetting Backups and running Jobs first: their restic would fail on a removed repository, or fail ours.
      status.message = "waiting for " + String.join(", ", inUseBy.subList(0, Math.min(3, inUseBy.size())))
          + (inUseBy.size() > 3 ? " and " + (inUseBy.size() - 3) + " more" : "") + " to finish before removing the data";
      return Decision.of(status, actions).requeueAfter(RECHECK);
    }
    if (job == null) {
      actions.add(new Action.CreateJob(JobPurpose.DELETE_DATA, name));
      String what = sharingUrl.isEmpty() ? "removes the repository's data" : sharedNote(repository, sharingUrl);
      actions.add(new Action.RecordEvent(EventType.Normal, "DeletingData", "deletionPolicy Delete: Job " + name + " "
          + what));
      status.message = (sharingUrl.isEmpty() ? "removing the repository's data" : "forgetting this namespace's"
          + " snapshots") + " (Job " + name + ")";
      return Decision.of(status, actions);
    }
    switch (job.state()) {
      case ACTIVE -> status.message = "removing the repository's data (Job " + name + ")";
      case SUCCEEDED -> {
        String done = job.report() == null || job.report().message() == null ? "data removed" : job.report().message();
        actions.add(new Action.RecordEvent(EventType.Normal, "DataDeleted", done));
        actions.add(new Action.Finalizer(Labels.DELETE_DATA_FINALIZER, false)); // the object goes: no status write after
      }
      default -> {
        String message = "could not remove the repository's data: " + job.bestFailureReason() + "; delete Job " + name
            + " to try again, or remove the finalizer " + Labels.DELETE_DATA_FINALIZER + " to keep the data";
        if (!message.equals(status.message)) {
          actions.add(new Action.RecordEvent(EventType.Warning, "DeleteDataFailed", message));
        }
        status.message = message;
      }
    }
    return Decision.of(status, actions);
  }

  /** What a deletion of a shared URL's Repository removes: this namespace's snapshots, naming the first sharers. */
  public static String sharedNote(Repository repository, List<String> sharingUrl) {
    return "forgets namespace " + repository.getMetadata().getNamespace() + "'s snapshots only: "
        + repository.getSpec().url + " is also the repository of "
        + String.join(", ", sharingUrl.subList(0, Math.min(3, sharingUrl.size())))
        + (sharingUrl.size() > 3 ? " and " + (sharingUrl.size() - 3) + " more" : "")
        + ", whose snapshots stay (the space comes back at the next prune of the URL)";
  }

  private static boolean hasFinalizer(Repository repository) {
    var finalizers = repository.getMetadata().getFinalizers();
    return finalizers != null && finalizers.contains(Labels.DELETE_DATA_FINALIZER);
  }
}
