package dev.lifeboat.hibernate;

import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.cluster.ApiWriter;
import dev.lifeboat.cluster.ClusterView;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.hibernate.RestorePoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.time.temporal.ChronoUnit;

/**
 * Carries out a plan's target actions. Shutdown: capture → store as pending → shut down → commit;
 * a crash after any step repeats harmlessly (a capture of a target already at rest never replaces
 * the live one), and a failed shutdown never reaches the commit, so the earlier point stays.
 * Wake-up: restore from the point → put the restored mark.
 */
public final class HibernateActions {
  private HibernateActions() {}

  /** Whether this action is one of the plan's target actions (performed here, not by the shared applier). */
  public static boolean handles(Action action) {
    return action instanceof Action.ShutdownTarget || action instanceof Action.WakeTarget
        || action instanceof Action.ClearRestoredMarks;
  }

  /**
   * @return Events to record (objects left as a person changed them)
   * @throws TargetException when the target could not be acted on (a failed attempt)
   */
  public static List<Action> perform(Action action, HibernatePlan plan, ApiWriter writer, ClusterView live,
      Instant now) {
    String ns = plan.getMetadata().getNamespace();
    if (action instanceof Action.ClearRestoredMarks) {
      HibernateData.clearMarks(writer, live, plan);
      return List.of();
    }
    if (action instanceof Action.ShutdownTarget shutdown) {
      HibernateTarget t = target(plan, shutdown.target());
      TargetExecutor executor = executor(t);
      TargetExecutor.Capture capture = executor.capture(live, ns, t);
      HibernateData.savePending(writer, live, plan, t.name,
          new RestorePoint(capture.isLive(), now.truncatedTo(ChronoUnit.SECONDS).toString(), shutdown.cycleId(), t.type, capture.data()));
      executor.shutdown(writer, live, ns, t);
      HibernateData.commit(writer, live, plan, t.name);
      return List.of();
    }
    Action.WakeTarget wake = (Action.WakeTarget) action;
    HibernateTarget t = target(plan, wake.target());
    List<Action> events = new ArrayList<>();
    if (wake.restore()) {
      HibernateData.Stored stored = HibernateData.read(live, plan);
      RestorePoint pending = stored.pending().get(t.name);
      RestorePoint point = pending != null && wake.cycleId() != null && wake.cycleId().equals(pending.cycleId())
          ? pending : stored.committed().get(t.name);
      if (point != null) {
        for (String note : executor(t).wakeUp(writer, live, ns, t, point.data())) {
          events.add(new Action.RecordEvent(Action.EventType.Warning, "ChangedWhileAsleep", "target " + t.name + ": "
              + note));
        }
      }
    }
    HibernateData.mark(writer, live, plan, t.name, now);
    return events;
  }

  private static HibernateTarget target(HibernatePlan plan, String name) {
    return plan.getSpec().targets.stream().filter(t -> t.name.equals(name)).findFirst()
        .orElseThrow(() -> new TargetException("target " + name + " is no longer in the plan"));
  }

  static TargetExecutor executor(HibernateTarget t) {
    return TargetExecutors.forType(t.type).orElseThrow(() -> new TargetException("unknown target type " + t.type));
  }
}
