package dev.lifeboat.kinds.restore;

import dev.lifeboat.engine.LockHolders;
import dev.lifeboat.engine.OwnWrites;
import dev.lifeboat.engine.PvcStates;
import dev.lifeboat.engine.ReconcileContext;
import dev.lifeboat.engine.Reconciler;
import dev.lifeboat.engine.Workloads;
import dev.lifeboat.cluster.RestoreData;
import dev.lifeboat.cluster.ClusterView;
import dev.lifeboat.lifecycle.restore.ClaimUsers;
import dev.lifeboat.engine.Movers;
import dev.lifeboat.jobs.MoverPods;
import dev.lifeboat.lifecycle.mover.MoverIdentity;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import dev.lifeboat.jobs.JobPods;
import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupSource;
import dev.lifeboat.api.HibernatePhase;
import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.RepositoryPhase;
import dev.lifeboat.api.Restore;
import dev.lifeboat.api.RestorePhase;
import dev.lifeboat.api.RestoreSpec;
import dev.lifeboat.api.RestoreStatus;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.Locks;
import dev.lifeboat.lifecycle.PvcState;
import dev.lifeboat.lifecycle.restore.RestoreTargets;
import dev.lifeboat.lifecycle.restore.RestoreCleanup;
import dev.lifeboat.lifecycle.restore.RestoreLifecycle;
import dev.lifeboat.lifecycle.restore.RestoreObservation;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;

/**
 * Restores: observe the backup, repository, target claim, its lock, the workloads to stop, the
 * restore data and the Jobs; {@link RestoreLifecycle} decides. Also the two things only a live
 * holder can do: renew its lock while it holds it, and clean up when deleted mid-flight.
 */
public final class RestoreReconciler implements Reconciler<Restore> {
  /**
   * How often a holder refreshes its lock's renewTime: a sign of life for people looking at the Lease
   * (nothing expires a lock). Every 30 s cost a running restore 120 writes an hour.
   */
  public static final Duration LOCK_RENEWAL = Duration.ofMinutes(5);

  @Override
  public Class<Restore> type() {
    return Restore.class;
  }

  @Override
  public Object phase(Restore resource) {
    return resource.getStatus() == null ? null : resource.getStatus().phase;
  }

  @Override
  public boolean unsettled(Restore r) {
    return r.getStatus() == null || r.getStatus().phase == null || !RestoreCleanup.isSettled(r.getStatus().phase);
  }

  /** A freed lock lets a waiting restore go on; a workload scaled down or up lets it leave Stopping/Starting. */
  @Override
  public List<Class<? extends HasMetadata>> wokenBy() {
    return List.of(Lease.class, Deployment.class, StatefulSet.class);
  }

  /** What a restore needs besides its observation: where the data comes from and goes to. */
  record Source(Repository repository, String snapshotId, String targetPvc, BackupSource application, String streamFile) {}

  @Override
  public Optional<Duration> reconcile(Restore restore, ReconcileContext ctx) {
    boolean deleting = restore.getMetadata().getDeletionTimestamp() != null;
    RestorePhase phase = restore.getStatus() == null ? null : restore.getStatus().phase;
    long generation = restore.getMetadata().getGeneration() == null ? 1 : restore.getMetadata().getGeneration();
    boolean settled = phase != null && RestoreCleanup.isSettled(phase) && restore.getStatus().observedGeneration != null
        && restore.getStatus().observedGeneration == generation;
    if (settled && !deleting) {
      ctx.applier().setFinalizer(restore, Labels.LOCK_CLEANUP_FINALIZER, false);
      return Optional.empty();
    }
    Observed seen = observe(restore, ctx);
    RestoreObservation observed = seen.observation();
    Source source = seen.source();
    if (deleting) {
      // Deleted mid-flight: stop the Job, start the applications, free the lock and the PVC, then let it go.
      for (Action action : RestoreCleanup.onDeletion(restore, observed)) {
        ctx.apply(restore, Decision.of(restore.getStatus(), List.of(action)));
      }
      ctx.applier().setFinalizer(restore, Labels.LOCK_CLEANUP_FINALIZER, false);
      return Optional.empty();
    }
    Decision<RestoreStatus> decision = RestoreLifecycle.decide(restore, observed, ctx.now());
    if (capturesFromCache(decision, observed)) {
      // Decided twice, on purpose (deciding is pure and cheap; reading every workload live on every
      // validating pass is not): what a restore will put back is read from the server, once: when this decision records the
      // replicas (or starts the restore past a workload the cache does not have). A cache behind someone
      // else's scale-up (a watch cut, a relist pending) would make it save 0 and leave the application
      // down afterwards. Every other look is the cache's: our own scale writes are waited for
      // (OwnWrites), and every write is guarded by the version it was decided on.
      Workloads.Observed live = Workloads.observe(ctx, restore.getMetadata().getNamespace(),
          restore.getSpec().stopApplications, true, source.targetPvc());
      decision = RestoreLifecycle.decide(restore, observed.withWorkloads(live.views(), live.unknownRefs()), ctx.now());
    }
    if (source.targetPvc() != null && decision.actions().stream().anyMatch(a -> a instanceof Action.CreateJob create
        && create.purpose() == JobPurpose.RESTORE) && decision.status() != null) {
      MoverIdentity.Choice writer = mover(ctx, restore, source, JobPurpose.RESTORE);
      decision.status().mover = writer.identity() == null ? null : writer.identity().description();
    }
    String version = ctx.apply(restore, decision, create -> placed(ctx, restore, source, asMover(ctx, restore, source,
        create.purpose(), ctx.jobs().restoreJob(restore, source.repository(), create.purpose(),
            create.jobName(), source.snapshotId(), source.targetPvc(), source.application(), source.streamFile(),
            capacity(ctx, restore, source.targetPvc()), observed.targetUsers().isEmpty())))).version();
    if (decision.status().phase != null && RestoreCleanup.isSettled(decision.status().phase)) {
      ctx.applier().setFinalizer(restore, version, Labels.LOCK_CLEANUP_FINALIZER, false);
      return Optional.ofNullable(decision.requeueAfter());
    }
    String target = source.application() != null ? source.application().target() : source.targetPvc();
    return renewHeldLock(restore, ctx, target, decision.requeueAfter());
  }

  /**
   * A Job that mounts the target claim runs as the restore's mover ({@link MoverIdentity}: the check reads, the restore
   * and the prune write); the restore's status records who writes.
   */
  private static Job asMover(ReconcileContext ctx, Restore restore, Source source, JobPurpose purpose, Job job) {
    if (source.targetPvc() == null || !mountsClaim(job, source.targetPvc())) {
      return job;
    }
    MoverIdentity.Choice mover = mover(ctx, restore, source, purpose);
    // A refused mover fails the restore at validation (moverRefusal): no Job that mounts the claim is created then.
    return mover.identity() == null ? job : MoverPods.apply(job, mover.identity());
  }

  private static MoverIdentity.Choice mover(ReconcileContext ctx, Restore restore, Source source, JobPurpose purpose) {
    return Movers.choose(ctx.live(), restore.getMetadata().getNamespace(), source.targetPvc(),
        restore.getSpec().moverSecurityContext, restore.getSpec().privilegedMover,
        purpose == JobPurpose.SNAPSHOT_CHECK ? MoverIdentity.Access.READ : MoverIdentity.Access.WRITE);
  }

  private static boolean mountsClaim(Job job, String claim) {
    return job.getSpec().getTemplate().getSpec().getVolumes() != null && job.getSpec().getTemplate().getSpec().getVolumes()
        .stream().anyMatch(v -> v.getPersistentVolumeClaim() != null && claim.equals(v.getPersistentVolumeClaim().getClaimName()));
  }

  /**
   * A Job that mounts the target claim goes where its volume can be attached: after --stop, anywhere (the stopped
   * users hold nothing); under a user left running (--force), on its node.
   */
  private static Job placed(ReconcileContext ctx, Restore restore, Source source, Job job) {
    boolean mountsClaim = source.targetPvc() != null && job.getSpec().getTemplate().getSpec().getVolumes() != null
        && job.getSpec().getTemplate().getSpec().getVolumes().stream().anyMatch(v -> v.getPersistentVolumeClaim() != null
            && source.targetPvc().equals(v.getPersistentVolumeClaim().getClaimName()));
    return mountsClaim ? JobPods.placed(job, ctx.placement(restore.getMetadata().getNamespace(), source.targetPvc())
        .affinity()) : job;
  }

  /** While a restore holds its lock, renewTime is refreshed every LOCK_RENEWAL, so a live holder can be told from a stuck one. */
  public static Optional<Duration> renewHeldLock(Restore restore, ReconcileContext ctx, String target, Duration requeue) {
    if (target == null) {
      return Optional.ofNullable(requeue);
    }
    String ns = restore.getMetadata().getNamespace();
    Lease lease = ctx.cache().lease(ns, Locks.leaseFor(ns, target));
    String me = Locks.holder("Restore", ns, restore.getMetadata().getName());
    if (lease == null || lease.getSpec() == null || !me.equals(lease.getSpec().getHolderIdentity())) {
      return Optional.ofNullable(requeue);
    }
    var renewed = lease.getSpec().getRenewTime();
    if (renewed == null || !renewed.toInstant().plus(LOCK_RENEWAL).isAfter(ctx.now())) {
      ctx.apply(restore, Decision.of(restore.getStatus(), List.of(new Action.RenewLock(lease.getMetadata().getName(), me))));
    }
    return Optional.of(requeue == null || requeue.compareTo(LOCK_RENEWAL) > 0 ? LOCK_RENEWAL : requeue);
  }

  /** Workloads a HibernatePlan of the namespace keeps (or is putting) asleep: a restore of them is refused unless forced. */
  private static Map<String, String> hibernated(ReconcileContext ctx, String ns) {
    Map<String, String> asleep = new LinkedHashMap<>();
    for (HibernatePlan plan : ctx.cache().list(HibernatePlan.class, ns)) {
      var status = plan.getStatus();
      if (status == null || status.phase == null) {
        continue;
      }
      HibernatePhase working = status.phase == HibernatePhase.Suspended ? status.suspendedAtPhase
          : status.phase == HibernatePhase.Error ? status.errorInPhase : status.phase;
      if (working == HibernatePhase.Hibernating || working == HibernatePhase.Hibernated
          || working == HibernatePhase.WakingUp) {
        status.targets.forEach(t -> t.items.forEach(item -> asleep.putIfAbsent(item,
            "HibernatePlan " + plan.getMetadata().getName() + " (" + status.phase + ")")));
      }
    }
    return asleep;
  }

  /** What one pass saw: the lifecycle's input, and where the restore reads and writes (for its Job). */
  private record Observed(RestoreObservation observation, Source source) {}

  private static Observed observe(Restore restore, ReconcileContext ctx) {
    String ns = restore.getMetadata().getNamespace();
    RestoreSpec spec = restore.getSpec();
    RestorePhase phase = restore.getStatus() == null ? null : restore.getStatus().phase;
    boolean validating = phase == null || phase == RestorePhase.Pending || phase == RestorePhase.Validating;

    Backup backup = ctx.awaited(Backup.class, ns, spec.backup, validating,
        b -> validating && (b.getStatus() == null || b.getStatus().phase == null || !b.getStatus().phase.isTerminal()));
    String repositoryName = spec.snapshot != null ? spec.snapshot.repository : backup == null ? null : backup.getSpec().repository;
    Repository repository = ctx.confirmed(Repository.class, ns, repositoryName, validating);
    BackupSource backupSource = backup == null ? null : backup.getSpec().source;
    String backupPvc = backupSource == null ? null : backupSource.pvc;
    BackupSource application = RestoreTargets.applicationTarget(spec, backupSource);
    String target = application != null ? application.target()
        : restore.getStatus() != null && restore.getStatus().targetPvc != null ? restore.getStatus().targetPvc
        : spec.target != null && spec.target.pvc != null ? spec.target.pvc : backupPvc;
    // An application target has no claim: BOUND lets the lifecycle go on.
    PvcState claim = application != null ? PvcState.BOUND
        : PvcStates.of(ctx.confirmed(PersistentVolumeClaim.class, ns, target, validating));
    String snapshotId = restore.getStatus() != null && restore.getStatus().snapshotId != null ? restore.getStatus().snapshotId
        : spec.snapshot != null ? spec.snapshot.id : backup == null || backup.getStatus() == null ? null : backup.getStatus().snapshotId;
    Source source = new Source(repository, snapshotId, application == null ? target : null, application,
        backupSource == null ? null : backupSource.streamFile());

    String name = restore.getMetadata().getName();
    ConfigMap data = ctx.current(ConfigMap.class, ns, RestoreLifecycle.restoreDataConfigMap(name));
    Map<String, Integer> saved = data == null ? Map.of() : RestoreData.replicas(data.getData());
    String lockHolder = LockHolders.of(ctx, ns, target);
    String targetClaim = application == null ? target : null;
    Workloads.Observed workloads = Workloads.observe(ctx, ns, spec.stopApplications, false, targetClaim);
    return new Observed(new RestoreObservation(
        backup != null, backup == null || backup.getStatus() == null ? null : backup.getStatus().phase, backupPvc,
        backupSource,
        repository == null ? null : repository.getStatus() == null || repository.getStatus().phase == null
            ? RepositoryPhase.Unknown : repository.getStatus().phase,
        claim, lockHolder, workloads.views(), workloads.unknownRefs(), saved,
        validating ? hibernated(ctx, ns) : Map.of(),
        ctx.job(ns, JobNames.jobName(name, JobPurpose.SNAPSHOT_CHECK), phase == RestorePhase.Validating),
        ctx.job(ns, JobNames.jobName(name, JobPurpose.RESTORE), phase == RestorePhase.Running || phase == RestorePhase.Aborting),
        ctx.job(ns, JobNames.jobName(name, JobPurpose.PRUNE), phase == RestorePhase.PruneRunning),
        validating && targetClaim != null && claim == PvcState.BOUND ? targetUsers(ctx, ns, targetClaim) : List.of(),
        validating ? refusal(ctx, ns, spec, targetClaim, application) : null),
        source);
  }

  /** Why the restore may not run as asked here (a privileged mover, a command source's image), or null. */
  private static String refusal(ReconcileContext ctx, String ns, dev.lifeboat.api.RestoreSpec spec, String targetClaim,
      BackupSource application) {
    if (targetClaim != null && Boolean.TRUE.equals(spec.privilegedMover) && !Movers.allowPrivileged(ctx.live(), ns)) {
      return MoverIdentity.choose(null, true, ns, false, null, MoverIdentity.Access.WRITE).refusal();
    }
    return dev.lifeboat.engine.ImagePolicy.problem(ctx.live(), ns, application, ctx.jobs().settings().tenancy(),
        ctx.jobs().settings().image());
  }

  /** The target claim's capacity in bytes (its status, as provisioned), or null when unknown or not a claim. */
  private static Long capacity(ReconcileContext ctx, Restore restore, String claim) {
    if (claim == null) {
      return null;
    }
    PersistentVolumeClaim pvc = ctx.cache().get(PersistentVolumeClaim.class, restore.getMetadata().getNamespace(), claim);
    var quantity = pvc == null || pvc.getStatus() == null || pvc.getStatus().getCapacity() == null ? null
        : pvc.getStatus().getCapacity().get("storage");
    return quantity == null ? null : Quantity.getAmountInBytes(quantity).longValue();
  }

  /**
   * Who runs with the claim mounted, read live (the cache keeps only lifeboat's own Pods, and no DaemonSets,
   * ReplicaSets or foreign Jobs): a few lists per validating pass, none once the restore is under way.
   */
  static List<String> targetUsers(ReconcileContext ctx, String ns, String claim) {
    ClusterView live = ctx.live();
    return ClaimUsers.of(claim, new ClaimUsers.Inputs(live.listAll(Pod.class, ns), live.listAll(Deployment.class, ns),
        live.listAll(StatefulSet.class, ns), live.listAll(DaemonSet.class, ns), live.listAll(ReplicaSet.class, ns),
        live.listAll(Job.class, ns), live.listAll(CronJob.class, ns)));
  }

  private static boolean capturesFromCache(Decision<RestoreStatus> decision, RestoreObservation observed) {
    boolean saves = decision.actions().stream().anyMatch(Action.SaveReplicas.class::isInstance);
    boolean startsPastAMissingOne = observed.workloads().stream().anyMatch(w -> !w.exists())
        && decision.actions().stream().anyMatch(a -> a instanceof Action.CreateJob create
            && create.purpose() == JobPurpose.RESTORE);
    return saves || startsPastAMissingOne;
  }
}
