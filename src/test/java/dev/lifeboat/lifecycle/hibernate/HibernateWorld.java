package dev.lifeboat.lifecycle.hibernate;

import dev.lifeboat.api.HibernatePhase;
import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.api.HibernatePlanSpec;
import dev.lifeboat.api.HibernateSchedule;
import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.api.HibernateWindow;
import dev.lifeboat.api.Labels;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Decision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small world for the plan's lifecycle: targets that are one workload each (replicas), the
 * restore data (committed, pending, marks) and a pass that applies decisions as the engine does:
 * capture → pending → shutdown (which may be made to fail) → commit; wake only what is at 0 → mark.
 */
final class HibernateWorld {
  final HibernatePlan plan = new HibernatePlan();
  final Map<String, Integer> replicas = new LinkedHashMap<>();
  final Map<String, RestorePoint> committed = new LinkedHashMap<>();
  final Map<String, RestorePoint> pending = new LinkedHashMap<>();
  final Set<String> marks = new LinkedHashSet<>();
  final Set<String> failingShutdown = new LinkedHashSet<>();
  final Map<String, String> blocked = new LinkedHashMap<>();
  final List<Action> events = new ArrayList<>();
  final List<String> transitions = new ArrayList<>();
  /** Objects an older plan of the namespace targets → that plan ("HibernatePlan NAME"). */
  final Map<String, String> otherPlans = new LinkedHashMap<>();
  /** Stop carrying out actions after this many (a crash in the middle of a decision); -1 = never. */
  int actionsLeft = -1;

  HibernateWorld(String zone, List<HibernateWindow> windows, Map<String, Integer> targets) {
    plan.getMetadata().setName("nightly");
    plan.getMetadata().setNamespace("dev");
    plan.getMetadata().setGeneration(1L);
    plan.setSpec(new HibernatePlanSpec());
    plan.getSpec().schedule = new HibernateSchedule();
    plan.getSpec().schedule.timeZone = zone;
    plan.getSpec().schedule.offHours = new ArrayList<>(windows);
    targets.forEach((name, n) -> {
      HibernateTarget t = new HibernateTarget(name, "workloads");
      t.refs.add("deployment/" + name);
      plan.getSpec().targets.add(t);
      replicas.put(name, n);
    });
  }

  HibernatePhase phase() {
    return plan.getStatus() == null ? null : plan.getStatus().phase;
  }

  void annotate(String what, Instant until) {
    plan.getMetadata().getAnnotations().put(Labels.HIBERNATE, what);
    if (until == null) {
      plan.getMetadata().getAnnotations().remove(Labels.HIBERNATE_UNTIL);
    } else {
      plan.getMetadata().getAnnotations().put(Labels.HIBERNATE_UNTIL, until.toString());
    }
  }

  HibernateObservation observation() {
    Map<String, TargetObservation> targets = new LinkedHashMap<>();
    for (HibernateTarget t : plan.getSpec().targets) {
      int n = replicas.get(t.name);
      targets.put(t.name, new TargetObservation(t.name, List.of("deployment/" + t.name), n == 0, true, true,
          committed.get(t.name), pending.get(t.name), marks.contains(t.name), blocked.get(t.name), null, null));
    }
    return new HibernateObservation(targets, !marks.isEmpty(), otherPlans);
  }

  /** Decides and applies until the plan rests (no action, no immediate requeue): what one event would lead to. */
  void settle(Instant now) {
    for (int i = 0; i < 20; i++) {
      Decision<dev.lifeboat.api.HibernatePlanStatus> d = HibernateLifecycle.decide(plan, observation(), now);
      HibernatePhase before = phase();
      boolean acted;
      try {
        acted = apply(d, now);
      } catch (Crash crash) {
        return;
      }
      if (before != d.status().phase) {
        transitions.add(d.status().phase + "@" + now);
      }
      boolean again = acted || (d.requeueAfter() != null && d.requeueAfter().isZero());
      if (!again) {
        return;
      }
    }
    throw new AssertionError("the plan does not settle at " + now + ": " + plan.getStatus().phase);
  }

  /** @return whether any action changed the world */
  boolean apply(Decision<dev.lifeboat.api.HibernatePlanStatus> d, Instant now) {
    boolean acted = false;
    var status = d.status();
    for (Action a : d.actions()) {
      if (a instanceof Action.RecordEvent) {
        events.add(a);
        continue;
      }
      if (actionsLeft == 0) {
        actionsLeft = -1;
        throw new Crash(); // the status is not written
      }
      if (actionsLeft > 0) {
        actionsLeft--;
      }
      if (a instanceof Action.ShutdownTarget s) {
        int n = replicas.get(s.target());
        RestorePoint capture = new RestorePoint(n > 0, now.toString(), s.cycleId(), "workloads", String.valueOf(n));
        RestorePoint keep = RestorePoint.preferred(pending.get(s.target()), capture);
        pending.put(s.target(), keep);
        if (failingShutdown.contains(s.target())) {
          events.addAll(TargetFailures.record(status, plan.getSpec(), s.target(), "forbidden", now));
          acted = true;
          continue;
        }
        replicas.put(s.target(), 0);
        committed.put(s.target(), RestorePoint.preferred(committed.get(s.target()), pending.remove(s.target())));
        acted = true;
      } else if (a instanceof Action.WakeTarget w) {
        if (w.restore()) {
          RestorePoint p = pending.get(w.target()) != null && w.cycleId().equals(pending.get(w.target()).cycleId())
              ? pending.get(w.target()) : committed.get(w.target());
          if (p != null && replicas.get(w.target()) == 0) {
            replicas.put(w.target(), Integer.parseInt(p.data()));
          }
        }
        marks.add(w.target());
        acted = true;
      } else if (a instanceof Action.ClearRestoredMarks) {
        acted |= !marks.isEmpty();
        marks.clear();
      }
    }
    plan.setStatus(status);
    return acted;
  }

  /** The process stopped in the middle of carrying out a decision. */
  static final class Crash extends RuntimeException {}

  /** Every step of {@code step} from {@code from} to {@code to}, settling at each. */
  void run(Instant from, Instant to, Duration step) {
    for (Instant t = from; !t.isAfter(to); t = t.plus(step)) {
      settle(t);
    }
  }
}
