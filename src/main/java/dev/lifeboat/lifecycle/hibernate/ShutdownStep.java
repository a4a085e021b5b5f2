package dev.lifeboat.lifecycle.hibernate;

import dev.lifeboat.api.HibernatePhase;
import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.api.HibernateTargetStatus;
import dev.lifeboat.lifecycle.Action;
import java.util.ArrayList;

/**
 * Hibernating: shut targets down in spec order (Sequential: the next only once the previous one's
 * pods are gone; Parallel: all at once). A target counts as down once it is at rest and its restore
 * point is committed; then the plan is Hibernated.
 */
final class ShutdownStep {
  private ShutdownStep() {}

  static void run(HibernatePass pass) {
    boolean allDown = true;
    int failed = 0;
    for (HibernateTarget t : pass.spec.targets) {
      HibernateTargetStatus ts = pass.target(t);
      TargetObservation o = pass.observed(t);
      ts.items = new ArrayList<>(o.items());
      if ("Failed".equals(ts.state) && pass.bestEffort()) {
        failed++;
        continue;
      }
      if (o.down() && o.settled()) {
        HibernatePass.succeeded(ts, "Down");
        continue;
      }
      allDown = false;
      if (o.down()) {
        pass.settling(ts, "shut down; waiting for its pods to stop");
      } else if (!pass.held(t, ts, o)) {
        if (o.warning() != null) {
          pass.event(Action.EventType.Warning, "TargetEmpty", "target " + t.name + ": " + o.warning());
        }
        pass.actions.add(new Action.ShutdownTarget(t.name, pass.status.cycleId));
        ts.state = "Pending";
        pass.requeueWithin(HibernatePass.SETTLE_POLL);
      }
      if (pass.sequential()) {
        break;
      }
    }
    if (allDown) {
      pass.status.phase = HibernatePhase.Hibernated;
      pass.status.lastShutdownTime = pass.stamp();
      pass.cycle().hibernatedAt = pass.stamp();
      int total = pass.spec.targets.size();
      pass.status.message = failed == 0 ? null : failed + " of " + total + " targets could not be shut down (BestEffort)";
      pass.event(failed == 0 ? Action.EventType.Normal : Action.EventType.Warning, "Hibernated",
          (total - failed) + " of " + total + " targets shut down, restore data in " + pass.status.restoreDataConfigMap);
    }
  }
}
