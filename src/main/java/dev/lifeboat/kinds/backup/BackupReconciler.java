package dev.lifeboat.kinds.backup;

import dev.lifeboat.kinds.repository.RepositoryKind;
import dev.lifeboat.engine.ImagePolicy;
import dev.lifeboat.engine.JobSlots;

import dev.lifeboat.engine.LockHolders;
import dev.lifeboat.engine.PvcStates;
import dev.lifeboat.engine.ReconcileContext;
import dev.lifeboat.jobs.CacheClaims;
import dev.lifeboat.jobs.JobPods;
import dev.lifeboat.api.JobTemplate;
import dev.lifeboat.lifecycle.ClaimPlacement;
import dev.lifeboat.engine.Movers;
import dev.lifeboat.jobs.MoverPods;
import dev.lifeboat.lifecycle.mover.MoverIdentity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import dev.lifeboat.engine.Reconciler;
import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.BackupStatus;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.RepositoryPhase;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.PvcState;
import dev.lifeboat.lifecycle.backup.BackupForget;
import dev.lifeboat.lifecycle.backup.BackupLifecycle;
import dev.lifeboat.lifecycle.backup.BackupObservation;
import dev.lifeboat.lifecycle.backup.PointInTimeCopy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Backups: observe the repository, the source claim, its lock and the Jobs; {@link BackupLifecycle} decides. */
public final class BackupReconciler implements Reconciler<Backup> {
  @Override
  public Class<Backup> type() {
    return Backup.class;
  }

  @Override
  public Object phase(Backup resource) {
    return resource.getStatus() == null ? null : resource.getStatus().phase;
  }

  @Override
  public boolean unsettled(Backup b) {
    return b.getStatus() == null || b.getStatus().phase == null || !b.getStatus().phase.isTerminal()
        || (b.getMetadata().getDeletionTimestamp() != null && (forgets(b) || PointInTimeCopy.holdsHooksFinalizer(b)));
  }

  private static boolean forgets(Backup b) {
    return b.getMetadata().getFinalizers() != null && b.getMetadata().getFinalizers().contains(Labels.FORGET_FINALIZER);
  }

  @Override
  public java.util.Map<Class<? extends Action>, dev.lifeboat.engine.ActionHandler<?>> handlers() {
    return CopyHandlers.all();
  }

  /** A Repository becoming Ready, or a restore's lock being freed, lets waiting Backups start. */
  @Override
  public List<Class<? extends HasMetadata>> wokenBy() {
    return List.of(Repository.class, Lease.class);
  }

  /** Whether the decision starts the backup: its Job, or the copy its Job will read. */
  private static boolean starts(Decision<BackupStatus> decision) {
    BackupPhase next = decision.status().phase;
    return next == BackupPhase.Running || next == BackupPhase.Copying;
  }

  private static boolean createsBackupJob(Decision<BackupStatus> decision) {
    return decision.actions().stream().anyMatch(a -> a instanceof Action.CreateJob create
        && create.purpose() == JobPurpose.BACKUP);
  }

  /** A ReadWriteOncePod claim in use, or a jobTemplate that keeps the pod off the node the claim is attached to. */
  private static String claimProblem(ClaimPlacement placement, String claim, Backup backup, Repository repo) {
    String exclusive = placement.exclusiveProblem(claim);
    if (exclusive != null) {
      return exclusive;
    }
    JobTemplate template = JobTemplate.merge(backup.getSpec().jobTemplate, repo == null ? null : repo.getSpec().jobTemplate);
    return template == null ? null : placement.contradiction(claim, template.nodeSelector, template.affinity);
  }


  /** A Backup deleted while its hooks were in play: its post hooks, its copy, then its finalizer. */
  private static Optional<Duration> afterDeletion(Backup backup, ReconcileContext ctx) {
    String ns = backup.getMetadata().getNamespace();
    BackupObservation observed = new BackupObservation(null, null, PvcState.BOUND,
        ctx.job(ns, JobNames.jobName(backup.getMetadata().getName(), JobPurpose.BACKUP), false), null, null)
        .withCopy(CopyObservations.of(backup, ctx));
    Decision<BackupStatus> decision = PointInTimeCopy.onDeletion(backup, observed, ctx.now());
    ctx.apply(backup, decision, create -> {
      throw new IllegalStateException("a deleted Backup creates no Job");
    });
    return Optional.ofNullable(decision.requeueAfter());
  }

  @Override
  public Optional<Duration> reconcile(Backup backup, ReconcileContext ctx) {
    boolean deleting = backup.getMetadata().getDeletionTimestamp() != null;
    if (deleting && BackupForget.applies(backup)) {
      return BackupForgetting.reconcile(backup, ctx);
    }
    if (deleting && !forgets(backup) && PointInTimeCopy.holdsHooksFinalizer(backup)) {
      return afterDeletion(backup, ctx);
    }
    if ((deleting && !forgets(backup)) || !unsettled(backup)) {
      return Optional.empty(); // a deleted Backup that will forget its snapshot first finishes its run
    }
    String ns = backup.getMetadata().getNamespace();
    BackupPhase phase = backup.getStatus() == null ? null : backup.getStatus().phase;
    boolean validating = phase == null || phase == BackupPhase.Pending;
    Repository repo = ctx.confirmed(Repository.class, ns, backup.getSpec().repository, validating);
    var source = backup.getSpec().source;
    // An application source has no claim to look at: BOUND lets the lifecycle go on.
    PvcState claim = source == null || source.isClaim()
        ? PvcStates.of(ctx.confirmed(PersistentVolumeClaim.class, ns, source == null ? null : source.pvc, validating))
        : PvcState.BOUND;
    boolean claimSource = source != null && source.isClaim() && claim == PvcState.BOUND;
    BackupObservation observed = new BackupObservation(
        repo == null ? null : repo.getStatus() == null || repo.getStatus().phase == null
            ? RepositoryPhase.Unknown : repo.getStatus().phase,
        repo == null || repo.getStatus() == null ? null : repo.getStatus().message,
        claim,
        ctx.job(ns, JobNames.jobName(backup.getMetadata().getName(), JobPurpose.BACKUP), phase == BackupPhase.Running),
        ctx.job(ns, JobNames.jobName(backup.getMetadata().getName(), JobPurpose.VERIFY), phase == BackupPhase.Completed),
        validating && source != null ? LockHolders.of(ctx, ns, source.target()) : null,
        validating && repo != null ? RepositoryKind.exclusiveMaintenance(repo, ctx) : null);
    if (CopyObservations.needed(backup, phase)) {
      observed = observed.withCopy(CopyObservations.of(backup, ctx));
    }
    Decision<BackupStatus> decision = BackupLifecycle.decide(backup, observed, ctx.now());
    if (observed.copy() == null && claimSource && createsBackupJob(decision)) {
      // A Direct backup without hooks of its own: the pods that mount the claim may carry hook annotations.
      var copy = CopyObservations.of(backup, ctx);
      if (!copy.annotatedPre().isEmpty() || !copy.annotatedPost().isEmpty()) {
        observed = observed.withCopy(copy);
        decision = BackupLifecycle.decide(backup, observed, ctx.now());
      }
    }
    String copyClaim = decision.status().copyClaim;
    // Where the backup pod can read the claim, looked at (live: pods, the volume) only when the Job is about to be
    // created, not on every pass of a Backup that waits: a ReadWriteOncePod claim in use (or a jobTemplate that keeps
    // the pod off the claim's node) fails it at once instead; otherwise the Job goes where the claim is attached. A
    // copy is a new volume, attached nowhere: its Job goes where the scheduler puts it.
    boolean creates = claimSource && createsBackupJob(decision);
    ClaimPlacement placement = creates && copyClaim == null ? ctx.placement(ns, source.pvc) : null;
    String problem = placement == null ? null : claimProblem(placement, source.pvc, backup, repo);
    // Who reads the claim: chosen when its Job is created (the pods that mount it say whose files they are; a copy's
    // files are theirs too).
    MoverIdentity.Choice mover = !creates ? null : Movers.choose(ctx.live(), ns, source.pvc,
        backup.getSpec().moverSecurityContext, backup.getSpec().privilegedMover, MoverIdentity.Access.READ);
    if (problem == null && mover != null && mover.refusal() != null) {
      problem = mover.refusal();
    }
    if (problem == null && createsBackupJob(decision)) {
      problem = ImagePolicy.problem(ctx.live(), ns, source, ctx.jobs().settings().tenancy(), ctx.jobs().settings().image());
    }
    if (problem != null) {
      decision = BackupLifecycle.decide(backup, observed.withClaimProblem(problem), ctx.now());
    }
    String slotWait = problem != null || !validating || !starts(decision) ? null
        // the last thing before it starts: a slot of the concurrency limits (taken now, or it waits in the queue)
        : ctx.slots().acquire(ctx.cache(), backup, repo, JobNames.jobName(backup.getMetadata().getName(),
            JobPurpose.BACKUP), placement == null ? null : placement.pinnedNode(), ctx.now());
    if (slotWait != null) {
      decision = BackupLifecycle.decide(backup, observed.withSlotWait(slotWait), ctx.now());
      if (decision.requeueAfter() != null) {
        decision = decision.requeueAfter(ctx.slots().queuedRecheck(decision.requeueAfter()));
      }
    } else if (problem == null && mover != null) {
      decision.status().mover = mover.identity().description();
    }
    String copyTime = decision.status().copyTime;
    ctx.apply(backup, decision, create -> {
      Job job = ctx.jobs().backupJob(backup, repo, create.purpose(), create.jobName(),
          create.purpose() == JobPurpose.BACKUP ? copyClaim : null, create.purpose() == JobPurpose.BACKUP ? copyTime : null);
      if (create.purpose() != JobPurpose.BACKUP) {
        return job;
      }
      if (mover != null) {
        job = MoverPods.apply(job, mover.identity());
        job = placement == null ? job : JobPods.placed(job, placement.affinity());
        if (placement != null && placement.pinnedNode() != null) {
          job = new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder(job).editMetadata()
              .addToAnnotations(JobSlots.PINNED_NODE, placement.pinnedNode()).endMetadata().build(); // counts there at once
        }
      }
      return withCache(ctx, backup, repo, job);
    });
    return Optional.ofNullable(decision.requeueAfter());
  }

  /**
   * A backup of a claim into a Repository with a cacheCapacity keeps restic's cache on that claim's cache claim (made
   * here the first time), unless another running Job has it; then, and for every other source, its emptyDir.
   */
  private static Job withCache(ReconcileContext ctx, Backup backup, Repository repo, Job job) {
    String claim = backup.getSpec().source.pvc;
    if (!CacheClaims.wanted(repo) || !backup.getSpec().source.isClaim()) {
      return job;
    }
    String ns = backup.getMetadata().getNamespace();
    String cacheClaim = CacheClaims.name(repo.getMetadata().getName(), claim);
    if (!ctx.cacheClaims().take(ctx.cache(), ns, cacheClaim, job.getMetadata().getName(), ctx.now())) {
      return job;
    }
    if (ctx.cache().get(PersistentVolumeClaim.class, ns, cacheClaim) == null) {
      ctx.applier().writer().createObject(CacheClaims.claim(repo, claim)); // an existing one counts as made
    }
    return CacheClaims.mounted(job, cacheClaim);
  }
}
