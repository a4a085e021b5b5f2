package dev.lifeboat.engine;

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
    HibernatePlanStatus status = decision.status();
    List<Action> rest = new ArrayList<>();
    Duration requeue = decision.requeueAfter();
    for (Action action : decision.actions()) {
      if (!HibernateActions.handles(action)) {
        rest.add(action);
        continue;
      }
      try {
        if (RemoteSteps.inJob(plan, action)) {
          RemoteSteps.ensureJob(plan, action, status, ctx);
        } else {
          rest.addAll(HibernateActions.perform(action, plan, ctx.applier().writer(), ctx.live(), ctx.now()));
        }
      } catch (TargetException e) {
        String target = action instanceof Action.ShutdownTarget s ? s.target() : ((Action.WakeTarget) action).target();
        rest.addAll(TargetFailures.record(status, plan.getSpec(), target, e.getMessage(), ctx.now()));
        requeue = requeue == null || requeue.compareTo(AFTER_FAILURE) > 0 ? AFTER_FAILURE : requeue;
      }
    }
    ctx.applier().apply(plan, new Decision<>(status, rest, requeue), create -> {
      throw new IllegalStateException("a HibernatePlan creates no Jobs");
    });
    return Optional.ofNullable(requeue);
  }
}
