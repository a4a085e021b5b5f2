package dev.lifeboat.engine;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.BackupStatus;
import dev.lifeboat.api.Copies;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.RepositoryPhase;
import dev.lifeboat.api.RepositoryStatus;
import dev.lifeboat.jobs.JobFactory;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.BackupLifecycle;
import dev.lifeboat.lifecycle.BackupObservation;
import dev.lifeboat.lifecycle.BackupObservation.PvcState;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.JobView;
import dev.lifeboat.lifecycle.RepositoryLifecycle;
import dev.lifeboat.lifecycle.RepositoryObservation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Observe → decide → apply for one object. Stateless between calls: everything it knows comes from
 * the {@link ClusterView}, so any number of engines (or restarts) converge on the same state.
 */
public final class Engine {
  private static final int MAX_CONFLICT_RETRIES = 5;

  private final ClusterView cache;
  private final ClusterView live;
  private final ApiWriter writer;
  private final JobFactory jobs;
  private final Clock clock;

  public Engine(ClusterView cache, ClusterView live, ApiWriter writer, JobFactory jobs, Clock clock) {
    this.cache = cache;
    this.live = live;
    this.writer = writer;
    this.jobs = jobs;
    this.clock = clock;
  }

  /** Reconciles one object; returns when to look at it again without an event, if ever. */
  public Optional<Duration> reconcile(ResourceKey key) {
    ClusterView primary = cache;
    for (int attempt = 1; ; attempt++) {
      try {
        return switch (key.kind()) {
          case Backup -> reconcileBackup(primary, key);
          case Repository -> reconcileRepository(primary, key);
        };
      } catch (ApiWriter.StatusConflictException e) {
        if (attempt >= MAX_CONFLICT_RETRIES) {
          return Optional.of(Duration.ofSeconds(1));
        }
        primary = live; // the cache is behind: read the object itself from the server
      }
    }
  }

  private Optional<Duration> reconcileBackup(ClusterView view, ResourceKey key) {
    Backup backup = view.backup(key.namespace(), key.name());
    if (backup == null || backup.getMetadata().getDeletionTimestamp() != null) {
      return Optional.empty();
    }
    BackupPhase phase = backup.getStatus() == null ? null : backup.getStatus().phase;
    if (phase != null && phase.isTerminal()) {
      return Optional.empty();
    }
    String ns = key.namespace();
    boolean validating = phase == null || phase == BackupPhase.Pending;
    // Informers fill their caches independently: a Repository or PVC created just before the Backup
    // may not be cached yet. A miss only fails a Backup once the server confirms it.
    Repository repository = cache.repository(ns, backup.getSpec().repository);
    if (repository == null && validating) {
      repository = live.repository(ns, backup.getSpec().repository);
    }
    PersistentVolumeClaim pvc = cache.pvc(ns, backup.getSpec().source.pvc);
    if (pvc == null && validating) {
      pvc = live.pvc(ns, backup.getSpec().source.pvc);
    }
    Repository repo = repository;
    BackupObservation observed = new BackupObservation(
        repo == null || repo.getStatus() == null ? (repo == null ? null : RepositoryPhase.Unknown)
            : Optional.ofNullable(repo.getStatus().phase).orElse(RepositoryPhase.Unknown),
        repo == null || repo.getStatus() == null ? null : repo.getStatus().message,
        pvcState(pvc),
        job(ns, JobNames.jobName(key.name(), JobPurpose.BACKUP), phase == BackupPhase.Running),
        job(ns, JobNames.jobName(key.name(), JobPurpose.VERIFY), phase == BackupPhase.Completed));
    Decision<BackupStatus> decision = BackupLifecycle.decide(backup, observed, clock.instant());
    apply(backup, backup.getStatus(), decision, purpose -> jobs.backupJob(backup, repo, purpose.purpose(),
        purpose.jobName()), (b, s) -> b.setStatus(s), Backup.class);
    return Optional.ofNullable(decision.requeueAfter());
  }

  private Optional<Duration> reconcileRepository(ClusterView view, ResourceKey key) {
    Repository repository = view.repository(key.namespace(), key.name());
    if (repository == null || repository.getMetadata().getDeletionTimestamp() != null) {
      return Optional.empty();
    }
    long generation = repository.getMetadata().getGeneration() == null ? 1 : repository.getMetadata().getGeneration();
    RepositoryStatus current = repository.getStatus();
    boolean settled = current != null && current.observedGeneration != null && current.observedGeneration == generation
        && (current.phase == RepositoryPhase.Ready || current.phase == RepositoryPhase.Failed);
    if (settled) {
      return Optional.empty();
    }
    boolean expectJob = current != null && current.phase == RepositoryPhase.Initializing
        && current.observedGeneration != null && current.observedGeneration == generation;
    JobView initJob = job(key.namespace(), JobNames.initJobName(key.name(), generation), expectJob);
    Decision<RepositoryStatus> decision =
        RepositoryLifecycle.decide(repository, new RepositoryObservation(initJob), clock.instant());
    apply(repository, current, decision, create -> jobs.initJob(repository, create.jobName()),
        (r, s) -> r.setStatus(s), Repository.class);
    return Optional.ofNullable(decision.requeueAfter());
  }

  private <R extends HasMetadata, S> void apply(R resource, S currentStatus, Decision<S> decision,
      Function<Action.CreateJob, Job> renderJob, java.util.function.BiConsumer<R, S> setStatus, Class<R> type) {
    for (Action action : decision.actions()) {
      if (action instanceof Action.CreateJob create) {
        writer.createJob(renderJob.apply(create));
      } else if (action instanceof Action.DeleteJob delete) {
        writer.deleteJob(resource.getMetadata().getNamespace(), delete.jobName());
      }
    }
    if (!Copies.sameJson(currentStatus, decision.status())) {
      R copy = Copies.deepCopy(resource, type);
      setStatus.accept(copy, decision.status());
      writer.updateStatus(copy);
    }
    for (Action action : decision.actions()) {
      if (action instanceof Action.RecordEvent event) {
        writer.recordEvent(resource, event);
      }
    }
  }

  /**
   * The Job as the cache has it; when the cache has none but the status says one should exist,
   * asks the server, so a Job the cache has not seen yet is never mistaken for a deleted one.
   */
  private JobView job(String namespace, String name, boolean expected) {
    ClusterView source = cache;
    Job job = cache.job(namespace, name);
    if (job == null && expected) {
      source = live;
      job = live.job(namespace, name);
    }
    return job == null ? null : JobViews.of(job, source.podsOfJob(namespace, name));
  }

  private static PvcState pvcState(PersistentVolumeClaim pvc) {
    if (pvc == null) {
      return PvcState.MISSING;
    }
    if (pvc.getMetadata().getDeletionTimestamp() != null) {
      return PvcState.TERMINATING;
    }
    String phase = pvc.getStatus() == null ? null : pvc.getStatus().getPhase();
    return phase == null || "Bound".equals(phase) ? PvcState.BOUND : PvcState.PENDING;
  }
}
