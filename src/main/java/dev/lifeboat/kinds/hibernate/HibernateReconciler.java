package dev.lifeboat.kinds.hibernate;

import dev.lifeboat.engine.ReconcileContext;
import dev.lifeboat.engine.ActionHandler;
import dev.lifeboat.engine.Applying;
import dev.lifeboat.engine.Reconciler;
import dev.lifeboat.api.HibernatePhase;
import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.api.HibernatePlanStatus;
import dev.lifeboat.api.Restore;
import dev.lifeboat.hibernate.HibernateActions;
import dev.lifeboat.hibernate.TargetException;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.lifecycle.hibernate.HibernateLifecycle;
import dev.lifeboat.lifecycle.hibernate.TargetFailures;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * HibernatePlans: observe the targets ({@link HibernateObservations}), let {@link HibernateLifecycle}
 * decide, carry out the target actions with their executors (a failed one becomes a failed attempt
 * in the status), then hand the rest of the decision to the shared applier. Looked at again at the
 * next off-hours transition, and while it works, when a workload or a Restore of its namespace moves.
 */
public final class HibernateReconciler implements Reconciler<HibernatePlan> {
  private static final Duration AFTER_FAILURE = Duration.ofSeconds(10);

  @Override
  public Class<HibernatePlan> type() {
    return HibernatePlan.class;
  }

  @Override
  public Object phase(HibernatePlan resource) {
    return resource.getStatus() == null ? null : resource.getStatus().phase;
  }

  @Override
  public boolean unsettled(HibernatePlan p) {
    HibernatePhase phase = p.getStatus() == null ? null : p.getStatus().phase;
    return phase == null || phase == HibernatePhase.Hibernating || phase == HibernatePhase.WakingUp
        || phase == HibernatePhase.Error;
  }

  @Override
  public List<Class<? extends HasMetadata>> wokenBy() {
    return List.of(Deployment.class, StatefulSet.class, Restore.class);
  }

  /** Whether the decision enters Error or counts a failed attempt the stored status does not have. */
  private static boolean recordsFailure(HibernatePlanStatus before, HibernatePlanStatus after) {
    if (after.phase == HibernatePhase.Error && (before == null || before.phase != HibernatePhase.Error)) {
      return true;
    }
    for (var t : after.targets) {
      int was = before == null ? 0 : before.targets.stream().filter(b -> b.name.equals(t.name))
          .mapToInt(b -> b.attempts == null ? 0 : b.attempts).findFirst().orElse(0);
      if ((t.attempts == null ? 0 : t.attempts) > was) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Optional<Duration> reconcile(HibernatePlan plan, ReconcileContext ctx) {
    if (plan.getMetadata().getDeletionTimestamp() != null) {
      return Optional.empty();
    }
    Decision<HibernatePlanStatus> decision = HibernateLifecycle.decide(plan,
        HibernateObservations.observe(plan, ctx, false), ctx.now());
    if (recordsFailure(plan.getStatus(), decision.status())) {
      // Decided on the cache, which may lag behind our own last writes: a failure is confirmed live.
      decision = HibernateLifecycle.decide(plan, HibernateObservations.observe(plan, ctx, true), ctx.now());
    }
    return Optional.ofNullable(ctx.apply(plan, decision).requeue());
  }

  /** The plan's target actions, carried out for the applier: in a Job for a remote target, here otherwise. */
  @Override
  public Map<Class<? extends Action>, ActionHandler<?>> handlers() {
    return Map.of(
        Action.ShutdownTarget.class, (ActionHandler<Action.ShutdownTarget>) (a, applying) -> target(a, a.target(), applying),
        Action.WakeTarget.class, (ActionHandler<Action.WakeTarget>) (a, applying) -> target(a, a.target(), applying),
        Action.ClearRestoredMarks.class, (ActionHandler<Action.ClearRestoredMarks>) (a, applying) -> target(a, null, applying));
  }

  /**
   * One target action. A target that cannot be acted on is a failed attempt, not a failed reconcile:
   * it is recorded in the status being written (with its Event), and the plan is looked at again soon.
   */
  private static void target(Action action, String target, Applying applying) {
    HibernatePlan plan = (HibernatePlan) applying.resource();
    HibernatePlanStatus status = (HibernatePlanStatus) applying.status();
    ReconcileContext ctx = applying.context();
    try {
      if (RemoteSteps.inJob(plan, action)) {
        RemoteSteps.ensureJob(plan, action, status, ctx);
      } else {
        HibernateActions.perform(action, plan, ctx.applier().writer(), ctx.live(), ctx.now())
            .forEach(note -> applying.event((Action.RecordEvent) note));
      }
    } catch (TargetException e) {
      TargetFailures.record(status, plan.getSpec(), target, e.getMessage(), ctx.now())
          .forEach(event -> applying.event((Action.RecordEvent) event));
      applying.requeueWithin(AFTER_FAILURE);
    }
  }
}
