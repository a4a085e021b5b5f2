package dev.lifeboat.engine;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.BackupStatus;
import dev.lifeboat.api.Copies;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.Restore;
import dev.lifeboat.api.RestorePhase;
import dev.lifeboat.api.RestoreStatus;
import dev.lifeboat.lifecycle.RestoreCleanup;
import dev.lifeboat.lifecycle.RestoreLifecycle;
import dev.lifeboat.lifecycle.RestoreObservation;
import java.util.List;
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
  static final Duration LOCK_RENEWAL = Duration.ofSeconds(30);
  /** On a Restore that holds (or may hold) the lock, so its deletion releases it first. */
  public static final String RESTORE_FINALIZER = "lifeboat.dev/restore-cleanup";

  /**
   * Per object, the resourceVersion our last status write replaced. A cache still showing that
   * version has not seen our write yet: deciding on it would undo the write, so read live instead.
   */
  private final java.util.Map<ResourceKey, String> superseded = new java.util.concurrent.ConcurrentHashMap<>();
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
    ClusterView primary = isStale(key) ? live : cache;
    for (int attempt = 1; ; attempt++) {
      try {
        return switch (key.kind()) {
          case Backup -> reconcileBackup(primary, key);
          case Repository -> reconcileRepository(primary, key);
          case Restore -> reconcileRestore(primary, key);
        };
      } catch (ApiWriter.StatusConflictException e) {
        if (attempt >= MAX_CONFLICT_RETRIES) {
          return Optional.of(Duration.ofSeconds(1));
        }
        primary = live; // the cache is behind: read the object itself from the server
      }
    }
  }

  /**
   * The in-use finalizer: written from the cached PVC (its resourceVersion guards the update), added
   * only if missing, removed only when no other unfinished Backup or Restore uses the claim.
   */
  private void setInUse(HasMetadata user, Action.PvcFinalizer finalizer) {
    String ns = user.getMetadata().getNamespace();
    PersistentVolumeClaim pvc = cache.pvc(ns, finalizer.pvc());
    if (pvc == null) {
      return;
    }
    boolean has = pvc.getMetadata().getFinalizers() != null && pvc.getMetadata().getFinalizers().contains(Labels.IN_USE_FINALIZER);
    if (has == finalizer.present()) {
      return;
    }
    if (!finalizer.present() && cache.othersUsing(ns, finalizer.pvc(), user.getKind(), user.getMetadata().getName())) {
      return;
    }
    writer.setFinalizer(pvc, Labels.IN_USE_FINALIZER, finalizer.present());
  }

  private boolean isStale(ResourceKey key) {
    String old = superseded.get(key);
    if (old == null) {
      return false;
    }
    HasMetadata cached = switch (key.kind()) {
      case Backup -> cache.backup(key.namespace(), key.name());
      case Repository -> cache.repository(key.namespace(), key.name());
      case Restore -> cache.restore(key.namespace(), key.name());
    };
    if (cached != null && old.equals(cached.getMetadata().getResourceVersion())) {
      return true;
    }
    superseded.remove(key, old); // the cache caught up
    return false;
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
        job(ns, JobNames.jobName(key.name(), JobPurpose.VERIFY), phase == BackupPhase.Completed),
        validating ? lockHolder(ns, backup.getSpec().source.pvc) : null);
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
    String ns = resource.getMetadata().getNamespace();
    for (Action action : decision.actions()) {
      if (action instanceof Action.CreateJob create) {
        writer.createJob(renderJob.apply(create));
      } else if (action instanceof Action.DeleteJob delete) {
        writer.deleteJob(ns, delete.jobName());
      } else if (action instanceof Action.AcquireLock lock) {
        // The finalizer first: a Restore deleted while holding the lock still gets to release it.
        writer.setFinalizer(resource, RESTORE_FINALIZER, true);
        writer.acquireLock(ns, lock.leaseName(), lock.holder(), lock.takeOver());
      } else if (action instanceof Action.ReleaseLock release) {
        writer.releaseLock(ns, release.leaseName(), release.holder());
      } else if (action instanceof Action.SaveReplicas save) {
        writer.saveReplicas(resource, save.configMap(), save.workload(), save.replicas());
      } else if (action instanceof Action.ScaleWorkload scale) {
        writer.scaleWorkload(ns, scale.workload(), scale.replicas());
      } else if (action instanceof Action.PvcFinalizer finalizer) {
        setInUse(resource, finalizer);
      }
    }
    if (!Copies.sameJson(currentStatus, decision.status())) {
      R copy = Copies.deepCopy(resource, type);
      setStatus.accept(copy, decision.status());
      writer.updateStatus(copy);
      superseded.put(new ResourceKey(ResourceKey.Kind.valueOf(resource.getKind()), ns, resource.getMetadata().getName()),
          String.valueOf(resource.getMetadata().getResourceVersion()));
    }
    for (Action action : decision.actions()) {
      if (action instanceof Action.RecordEvent event) {
        writer.recordEvent(resource, event);
      }
    }
  }

  private Optional<Duration> reconcileRestore(ClusterView view, ResourceKey key) {
    Restore restore = view.restore(key.namespace(), key.name());
    if (restore == null) {
      return Optional.empty();
    }
    boolean deleting = restore.getMetadata().getDeletionTimestamp() != null;
    RestorePhase phase = restore.getStatus() == null ? null : restore.getStatus().phase;
    long generation = restore.getMetadata().getGeneration() == null ? 1 : restore.getMetadata().getGeneration();
    boolean settled = phase != null && RestoreCleanup.isSettled(phase) && restore.getStatus().observedGeneration != null
        && restore.getStatus().observedGeneration == generation;
    if (settled && !deleting) {
      dropFinalizer(restore);
      return Optional.empty();
    }
    RestoreReconciler.Source[] source = new RestoreReconciler.Source[1];
    RestoreObservation observed = new RestoreReconciler(cache, live).observe(restore, source);
    if (deleting) {
      // Deleted mid-flight: stop the Job, start the applications, free the lock and the PVC, then let it go.
      for (Action action : RestoreCleanup.onDeletion(restore, observed)) {
        apply(restore, restore.getStatus(), Decision.of(restore.getStatus(), List.of(action)), create -> null,
            (r, s) -> r.setStatus(s), Restore.class);
      }
      dropFinalizer(restore);
      return Optional.empty();
    }
    Decision<RestoreStatus> decision = RestoreLifecycle.decide(restore, observed, clock.instant());
    apply(restore, restore.getStatus(), decision, create -> jobs.restoreJob(restore, source[0].repository(),
        create.purpose(), create.jobName(), source[0].snapshotId(), source[0].targetPvc()),
        (r, s) -> r.setStatus(s), Restore.class);
    if (decision.status().phase != null && RestoreCleanup.isSettled(decision.status().phase)) {
      dropFinalizer(restore);
      return Optional.ofNullable(decision.requeueAfter());
    }
    return renewHeldLock(restore, source[0].targetPvc(), decision.requeueAfter());
  }

  /** While a restore holds its lock, renewTime is refreshed every LOCK_RENEWAL, so a live holder can be told from a stuck one. */
  private Optional<Duration> renewHeldLock(Restore restore, String target, Duration requeue) {
    if (target == null) {
      return Optional.ofNullable(requeue);
    }
    String ns = restore.getMetadata().getNamespace();
    var lease = cache.lease(ns, dev.lifeboat.lifecycle.Locks.leaseForPvc(ns, target));
    String me = dev.lifeboat.lifecycle.Locks.holder("Restore", ns, restore.getMetadata().getName());
    if (lease == null || lease.getSpec() == null || !me.equals(lease.getSpec().getHolderIdentity())) {
      return Optional.ofNullable(requeue);
    }
    var renewed = lease.getSpec().getRenewTime();
    if (renewed == null || renewed.toInstant().plus(LOCK_RENEWAL).isBefore(clock.instant())) {
      writer.renewLock(lease, me);
    }
    return Optional.of(requeue == null || requeue.compareTo(LOCK_RENEWAL) > 0 ? LOCK_RENEWAL : requeue);
  }

  private void dropFinalizer(Restore restore) {
    if (restore.getMetadata().getFinalizers() != null && restore.getMetadata().getFinalizers().contains(RESTORE_FINALIZER)) {
      writer.setFinalizer(restore, RESTORE_FINALIZER, false);
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

  private String lockHolder(String ns, String pvc) {
    var lease = cache.lease(ns, dev.lifeboat.lifecycle.Locks.leaseForPvc(ns, pvc));
    String holder = lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    return holder == null || holder.isEmpty() ? null : holder;
  }

  static PvcState pvcState(PersistentVolumeClaim pvc) {
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
