package dev.lifeboat.lifecycle.hibernate;

import dev.lifeboat.api.HibernatePhase;
import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.api.HibernateTargetStatus;
import dev.lifeboat.lifecycle.Action;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.time.Duration;

/**
 * WakingUp: bring targets back from their restore points (Sequential: in reverse order, the next
 * once the previous is ready; Parallel: all at once). A woken target gets its restored mark, so a
 * wake-up cut short resumes with the unmarked targets only. Before waking, the restore point is
 * checked: a target that is down with no point at all is an error (nothing says what it was), one
 * captured already down wakes as a no-op with a Warning.
 */
final class WakeStep {
  private WakeStep() {}

  static void run(HibernatePass pass) {
    List<HibernateTarget> order = new ArrayList<>(pass.spec.targets);
    if (pass.sequential()) {
      Collections.reverse(order);
    }
    boolean allAwake = true;
    int failed = 0;
    for (HibernateTarget t : order) {
      HibernateTargetStatus ts = pass.target(t);
      TargetObservation o = pass.observed(t);
      ts.items = new ArrayList<>(o.items());
      if (o.marked() && (o.ready() || !pass.sequential())) {
        HibernatePass.succeeded(ts, "Awake");
        continue;
      }
      if ("Failed".equals(ts.state) && pass.bestEffort()) {
        failed++;
        continue;
      }
      allAwake = false;
      if (o.marked()) {
        pass.settling(ts, "woken; waiting for it to be ready");
      } else if (!pass.held(t, ts, o)) {
        wake(pass, t, ts, o);
      }
      if (pass.sequential()) {
        break;
      }
    }
    if (allAwake) {
      pass.status.phase = HibernatePhase.Active;
      pass.status.lastWakeUpTime = pass.stamp();
      pass.cycle().activeAt = pass.stamp();
      int total = pass.spec.targets.size();
      pass.status.message = failed == 0 ? null : failed + " of " + total + " targets could not be woken (BestEffort)";
      pass.event(failed == 0 ? Action.EventType.Normal : Action.EventType.Warning, "Awake",
          (total - failed) + " of " + total + " targets woken");
      pass.requeueWithin(Duration.ZERO); // the marks are cleared in Active, after this status is stored
    }
  }

  private static void wake(HibernatePass pass, HibernateTarget t, HibernateTargetStatus ts, TargetObservation o) {
    String cycle = pass.status.cycleId;
    RestorePoint point = o.pending() != null && cycle != null && cycle.equals(o.pending().cycleId()) ? o.pending()
        : o.committed();
    boolean touched = o.stopped() || (point != null && cycle != null && cycle.equals(point.cycleId()));
    if (!touched) {
      pass.actions.add(new Action.WakeTarget(t.name, cycle, false)); // running: this sleep never shut it down
    } else if (point == null) {
      pass.actions.addAll(TargetFailures.permanent(pass.status, pass.spec, ts, "no restore point: it is down but"
          + " lifeboat never saved what it looked like running; start it by hand (the plan then goes on) or remove"
          + " the target from the plan", pass.now));
      pass.requeueWithin(HibernatePass.STRICT_RETRY);
      return;
    } else {
      if (!point.isLive()) {
        pass.event(Action.EventType.Warning, "AlreadyDown", "target " + t.name + " was already down when it was"
            + " captured at " + point.capturedAt() + ": it stays down (nothing to bring back)");
      }
      pass.actions.add(new Action.WakeTarget(t.name, cycle, true));
    }
    ts.state = "Pending";
    pass.requeueWithin(HibernatePass.SETTLE_POLL);
  }
}
