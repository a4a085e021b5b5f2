package dev.lifeboat.kinds.drill;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Drill;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.DrillStatus;
import dev.lifeboat.api.Restore;
import dev.lifeboat.engine.ActionHandler;
import dev.lifeboat.engine.Movers;
import dev.lifeboat.engine.ReconcileContext;
import dev.lifeboat.engine.Reconciler;
import dev.lifeboat.jobs.DrillObjects;
import dev.lifeboat.jobs.MoverPods;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.drill.DrillLifecycle;
import dev.lifeboat.lifecycle.drill.DrillObservation;
import dev.lifeboat.lifecycle.mover.MoverIdentity;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Drills: observe the Backup (picked from its claim or Schedule when the spec names none), the scratch claim, the
 * drill's Restore and its verify Job; {@link DrillLifecycle} decides. Deleting a Drill needs nothing of its own: its
 * Restore, scratch claim and Job are owned by it, and the garbage collector takes them.
 */
public final class DrillReconciler implements Reconciler<Drill> {
  @Override
  public Class<Drill> type() {
    return Drill.class;
  }

  @Override
  public Object phase(Drill resource) {
    return resource.getStatus() == null ? null : resource.getStatus().phase;
  }

  /** Until it ends, and until its scratch is deleted (after a failure, once it has been kept for a look). */
  @Override
  public boolean unsettled(Drill d) {
    DrillStatus s = d.getStatus();
    return s == null || s.phase == null || !s.phase.isTerminal() || Boolean.FALSE.equals(s.scratchDeleted);
  }

  /**
   * Its Restore's progress moves a drill on; a Backup that gets Ready lets a waiting one start; its scratch claim
   * seen lets it create its Restore.
   */
  @Override
  public List<Class<? extends HasMetadata>> wokenBy() {
    return List.of(Restore.class, dev.lifeboat.api.Backup.class, io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class);
  }

  @Override
  public Map<Class<? extends Action>, ActionHandler<?>> handlers() {
    return DrillHandlers.all();
  }

  @Override
  public Optional<Duration> reconcile(Drill drill, ReconcileContext ctx) {
    if (drill.getMetadata().getDeletionTimestamp() != null || !unsettled(drill)) {
      return Optional.empty();
    }
    DrillObservation observed = DrillObservations.observe(drill, ctx);
    Decision<DrillStatus> decision = DrillLifecycle.decide(drill, observed, ctx.now());
    ctx.apply(drill, decision, create -> verifyJob(ctx, drill, decision.status(), create));
    return Optional.ofNullable(decision.requeueAfter());
  }

  /** The verify command reads the scratch as the restore wrote it: the same mover choice for the same claim. */
  private static Job verifyJob(ReconcileContext ctx, Drill drill, DrillStatus status, Action.CreateJob create) {
    String ns = drill.getMetadata().getNamespace();
    if (create.purpose() == JobPurpose.DRILL_RESTORE || create.purpose() == JobPurpose.DRILL_CLEANUP) {
      Backup backup = ctx.confirmed(Backup.class, ns, status.backup, true);
      Repository repository = backup == null ? null : ctx.confirmed(Repository.class, ns, backup.getSpec().repository, true);
      if (backup == null || repository == null) {
        throw new IllegalStateException("Backup " + status.backup + " or its Repository is gone: no drill Job can be made");
      }
      return DrillObjects.databaseJob(ctx.jobs(), drill, create.jobName(), create.purpose(), repository,
          backup.getSpec().source, backup.getStatus() == null ? null : backup.getStatus().snapshotId,
          status.scratchDatabase);
    }
    if (create.purpose() != JobPurpose.DRILL_VERIFY) {
      throw new IllegalStateException("a Drill creates no " + create.purpose() + " Job");
    }
    Job job = DrillObjects.verifyJob(ctx.jobs(), drill, create.jobName(), status.scratchPvc, status.pvc);
    MoverIdentity.Choice mover = Movers.choose(ctx.live(), drill.getMetadata().getNamespace(), status.scratchPvc,
        null, null, MoverIdentity.Access.READ);
    return mover.identity() == null ? job : MoverPods.apply(job, mover.identity());
  }

  static String verifyJobName(Drill drill) {
    return JobNames.jobName(drill.getMetadata().getName(), JobPurpose.DRILL_VERIFY);
  }
}
