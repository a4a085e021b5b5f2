package dev.lifeboat.engine;

import dev.lifeboat.api.Repository;
import dev.lifeboat.api.RepositoryPhase;
import dev.lifeboat.api.RepositoryStatus;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobView;
import dev.lifeboat.lifecycle.repository.RepositoryLifecycle;
import dev.lifeboat.lifecycle.repository.RepositoryObservation;
import java.time.Duration;
import java.util.Optional;

/** Repositories: the init Job of the current generation; {@link RepositoryLifecycle} decides. */
public final class RepositoryReconciler implements Reconciler<Repository> {
  @Override
  public Class<Repository> type() {
    return Repository.class;
  }

  @Override
  public boolean unsettled(Repository repository) {
    RepositoryStatus current = repository.getStatus();
    return current == null || current.observedGeneration == null || current.observedGeneration != generation(repository)
        || (current.phase != RepositoryPhase.Ready && current.phase != RepositoryPhase.Failed);
  }

  @Override
  public Optional<Duration> reconcile(Repository repository, ReconcileContext ctx) {
    if (repository.getMetadata().getDeletionTimestamp() != null || !unsettled(repository)) {
      return Optional.empty();
    }
    long generation = generation(repository);
    RepositoryStatus current = repository.getStatus();
    boolean expectJob = current != null && current.phase == RepositoryPhase.Initializing
        && current.observedGeneration != null && current.observedGeneration == generation;
    JobView initJob = ctx.job(repository.getMetadata().getNamespace(),
        JobNames.initJobName(repository.getMetadata().getName(), generation), expectJob);
    Decision<RepositoryStatus> decision = RepositoryLifecycle.decide(repository, new RepositoryObservation(initJob), ctx.now());
    ctx.applier().apply(repository, decision, create -> ctx.jobs().initJob(repository, create.jobName()));
    return Optional.ofNullable(decision.requeueAfter());
  }

  private static long generation(Repository repository) {
    return repository.getMetadata().getGeneration() == null ? 1 : repository.getMetadata().getGeneration();
  }
}
