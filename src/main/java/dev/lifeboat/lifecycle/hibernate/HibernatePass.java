package dev.lifeboat.lifecycle.hibernate;

import dev.lifeboat.api.HibernateCycle;
import dev.lifeboat.api.HibernatePlanSpec;
import dev.lifeboat.api.HibernatePlanStatus;
import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.api.HibernateTargetStatus;
import dev.lifeboat.lifecycle.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.time.temporal.ChronoUnit;

/** The working state of one decision: the status being built, its actions and when to look again. */
final class HibernatePass {
  static final Duration SETTLE_POLL = Duration.ofSeconds(5);
  static final Duration STRICT_RETRY = Duration.ofMinutes(5);
  final HibernatePlanSpec spec;
  final HibernatePlanStatus status;
  final HibernateObservation observed;
  final Instant now;
  final List<Action> actions = new ArrayList<>();
  Duration requeue;

  HibernatePass(HibernatePlanSpec spec, HibernatePlanStatus status, HibernateObservation observed, Instant now) {
    this.spec = spec;
    this.status = status;
    this.observed = observed;
    this.now = now;
  }

  /** Times in the status, to the second: what a person reads in describe. */
  String stamp() {
    return now.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  void event(Action.EventType type, String reason, String message) {
    actions.add(new Action.RecordEvent(type, reason, message));
  }

  void requeueWithin(Duration d) {
    Duration at = d.isNegative() ? Duration.ZERO : d;
    requeue = requeue == null || at.compareTo(requeue) < 0 ? at : requeue;
  }

  TargetObservation observed(HibernateTarget t) {
    TargetObservation o = observed.targets().get(t.name);
    return o != null ? o : new TargetObservation(t.name, List.of(), false, false, false, null, null, false, null,
        "not observed", null);
  }

  /** The target's status entry, created in spec order. */
  HibernateTargetStatus target(HibernateTarget t) {
    for (HibernateTargetStatus ts : status.targets) {
      if (ts.name.equals(t.name)) {
        return ts;
      }
    }
    HibernateTargetStatus ts = new HibernateTargetStatus(t.name, "Pending");
    status.targets.add(ts);
    return ts;
  }

  HibernateCycle cycle() {
    for (HibernateCycle c : status.history) {
      if (c.cycleId.equals(status.cycleId)) {
        return c;
      }
    }
    HibernateCycle c = new HibernateCycle(status.cycleId, stamp(), "Schedule");
    status.history.add(c);
    return c;
  }

  boolean bestEffort() {
    return spec.behaviorOrDefault() == HibernatePlanSpec.Behavior.BestEffort;
  }

  boolean sequential() {
    return spec.executionOrDefault() == HibernatePlanSpec.Execution.Sequential;
  }

  /** Whether the target is in a pause after a failure; if so, looks again when it ends. */
  boolean paused(HibernateTargetStatus ts) {
    if (ts.retryAfter == null) {
      return false;
    }
    Instant after = Instant.parse(ts.retryAfter);
    if (now.isBefore(after)) {
      requeueWithin(Duration.between(now, after));
      return true;
    }
    return false;
  }

  /** The target did its part; its pods have yet to follow. */
  void settling(HibernateTargetStatus ts, String message) {
    ts.state = "Pending";
    ts.message = message;
    requeueWithin(SETTLE_POLL);
  }

  /**
   * Whether the target must not be acted on in this pass: a restore holds one of its objects, it is
   * in a pause after a failure, or it could not be read (which counts as a failed attempt).
   */
  boolean held(HibernateTarget t, HibernateTargetStatus ts, TargetObservation o) {
    if (o.blockedBy() != null) {
      ts.state = "Waiting";
      ts.message = "waits: " + o.blockedBy();
      requeueWithin(STRICT_RETRY);
      return true;
    }
    if (paused(ts)) {
      ts.state = "Waiting";
      return true;
    }
    if (o.problem() != null) {
      actions.addAll(TargetFailures.record(status, spec, t.name, o.problem(), now));
      requeueWithin(Duration.ofSeconds(10));
      return true;
    }
    return false;
  }

  static void succeeded(HibernateTargetStatus ts, String state) {
    ts.state = state;
    ts.attempts = null;
    ts.retryAfter = null;
    ts.message = null;
  }
}
