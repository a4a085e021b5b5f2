package dev.lifeboat.lifecycle.repository;

import dev.lifeboat.lifecycle.JobView;
import java.util.List;

/**
 * What the engine observed around one Repository: the init Job of its current generation, what its
 * maintenance needs (only looked at while Ready), the Job that removes its data (deletionPolicy
 * Delete, only looked at while it is being deleted), and the other Repositories, in any namespace, with the
 * same URL ({@code namespace/name}, sorted; only looked at while it is being deleted): their snapshots live in
 * the same restic repository, so its data is not this object's alone to remove.
 */
public record RepositoryObservation(JobView initJob, MaintenanceObservation maintenance, JobView deleteDataJob,
    List<String> sharingUrl) {
  public RepositoryObservation {
    sharingUrl = sharingUrl == null ? List.of() : List.copyOf(sharingUrl);
  }

  public RepositoryObservation(JobView initJob, MaintenanceObservation maintenance, JobView deleteDataJob) {
    this(initJob, maintenance, deleteDataJob, List.of());
  }

  public RepositoryObservation(JobView initJob) {
    this(initJob, MaintenanceObservation.none(), null);
  }
}
