package dev.lifeboat.lifecycle.repository;

import dev.lifeboat.lifecycle.JobView;

/**
 * What the engine observed around one Repository: the init Job of its current generation, what its
 * maintenance needs (only looked at while Ready), and the Job that removes its data (deletionPolicy
 * Delete, only looked at while it is being deleted).
 */
public record RepositoryObservation(JobView initJob, MaintenanceObservation maintenance, JobView deleteDataJob) {
  public RepositoryObservation(JobView initJob) {
    this(initJob, MaintenanceObservation.none(), null);
  }
}
