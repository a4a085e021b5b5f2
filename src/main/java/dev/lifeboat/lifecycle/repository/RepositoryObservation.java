package dev.lifeboat.lifecycle.repository;

import dev.lifeboat.lifecycle.JobView;
import java.util.List;

/**
 * What the engine observed around one Repository: the init Job of its current generation, what its
 * maintenance needs (only looked at while Ready), the Job that removes its data (deletionPolicy
 * Delete, only looked at while it is being deleted), and the other Repositories, in any namespace, with the
 * same URL ({@code namespace/name}, sorted; only looked at while it is being deleted): their snapshots live in
 * the same restic repository, so its data is not this object's alone to remove; and, while it is being deleted, what
 * still works in it ({@code inUseBy}: a running backup, restore or forget Job, or a Backup being forgotten, sorted):
 * removing the data under them would fail them, and restic 0.14 has no lock retry, so they would fail it.
 */
public record RepositoryObservation(JobView initJob, MaintenanceObservation maintenance, JobView deleteDataJob,
    List<String> sharingUrl, List<String> inUseBy, String outOfReach) {
  public RepositoryObservation {
    sharingUrl = sharingUrl == null ? List.of() : List.copyOf(sharingUrl);
    inUseBy = inUseBy == null ? List.of() : List.copyOf(inUseBy);
  }

  /** @param outOfReach why the spec asks for more than its namespace may ({@code Tenancy}), or null */
  public RepositoryObservation(JobView initJob, MaintenanceObservation maintenance, JobView deleteDataJob,
      List<String> sharingUrl, List<String> inUseBy) {
    this(initJob, maintenance, deleteDataJob, sharingUrl, inUseBy, null);
  }

  public RepositoryObservation(JobView initJob, MaintenanceObservation maintenance, JobView deleteDataJob,
      List<String> sharingUrl) {
    this(initJob, maintenance, deleteDataJob, sharingUrl, List.of());
  }

  public RepositoryObservation(JobView initJob, MaintenanceObservation maintenance, JobView deleteDataJob) {
    this(initJob, maintenance, deleteDataJob, List.of());
  }

  public RepositoryObservation(JobView initJob) {
    this(initJob, MaintenanceObservation.none(), null);
  }
}
