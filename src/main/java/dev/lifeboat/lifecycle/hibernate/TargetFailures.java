package dev.lifeboat.lifecycle.hibernate;

import dev.lifeboat.api.HibernatePhase;
import dev.lifeboat.api.HibernatePlanSpec;
import dev.lifeboat.api.HibernatePlanStatus;
import dev.lifeboat.api.HibernateTargetStatus;
import dev.lifeboat.lifecycle.Action;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a failed attempt on a target does to the status: a pause that doubles from 10 s (at most 5
 * min) while retries are left; then, Strict: phase Error (the work is tried again every 5 minutes,
 * so fixing the cause is enough), BestEffort: the target is given up for this cycle.
 */
public final class TargetFailures {
  private static final Duration FIRST_PAUSE = Duration.ofSeconds(10);

  private TargetFailures() {}

  /** Records a failed attempt of {@code target} (an executor's error) in {@code status}; returns its Events. */
  public static List<Action> record(HibernatePlanStatus status, HibernatePlanSpec spec, String target, String message,
      Instant now) {
    HibernateTargetStatus ts = status.targets.stream().filter(t -> t.name.equals(target)).findFirst().orElse(null);
    if (ts == null) {
      ts = new HibernateTargetStatus(target, "Pending");
      status.targets.add(ts);
    }
    int attempts = (ts.attempts == null ? 0 : ts.attempts) + 1;
    return apply(status, spec, ts, attempts, message, now);
  }

  /** A failure no retry can cure (no restore point): straight to given up / Error. */
  static List<Action> permanent(HibernatePlanStatus status, HibernatePlanSpec spec, HibernateTargetStatus ts,
      String message, Instant now) {
    boolean already = "Failed".equals(ts.state) && message.equals(ts.message);
    List<Action> events = apply(status, spec, ts, spec.retriesOrDefault() + 1, message, now);
    ts.state = "Failed";
    ts.retryAfter = null;
    if (status.phase == HibernatePhase.Error) {
      status.message = errorMessage(ts);
    }
    return already ? List.of() : events;
  }

  private static List<Action> apply(HibernatePlanStatus status, HibernatePlanSpec spec, HibernateTargetStatus ts,
      int attempts, String message, Instant now) {
    int retries = spec.retriesOrDefault();
    ts.attempts = attempts;
    ts.message = message;
    if (attempts <= retries) {
      Duration pause = FIRST_PAUSE.multipliedBy(1L << Math.min(attempts - 1, 5));
      pause = pause.compareTo(HibernatePass.STRICT_RETRY) > 0 ? HibernatePass.STRICT_RETRY : pause;
      ts.state = "Waiting";
      ts.retryAfter = now.plus(pause).toString();
      return List.of(new Action.RecordEvent(Action.EventType.Warning, "TargetRetry", "target " + ts.name + ": attempt "
          + attempts + " of " + (retries + 1) + " failed: " + message + "; next try at " + ts.retryAfter));
    }
    if (spec.behaviorOrDefault() == HibernatePlanSpec.Behavior.BestEffort) {
      ts.state = "Failed";
      ts.retryAfter = null;
      return List.of(new Action.RecordEvent(Action.EventType.Warning, "TargetFailed", "target " + ts.name
          + " failed " + attempts + " times, going on without it (behavior BestEffort): " + message));
    }
    ts.state = "Waiting";
    ts.retryAfter = now.plus(HibernatePass.STRICT_RETRY).toString();
    if (status.phase != HibernatePhase.Error) {
      status.errorInPhase = status.phase;
      status.phase = HibernatePhase.Error;
    }
    status.message = errorMessage(ts);
    return List.of(new Action.RecordEvent(Action.EventType.Warning, "TargetFailed", status.message));
  }

  /** What phase Error says about the target that holds the plan. */
  static String errorMessage(HibernateTargetStatus ts) {
    return "Failed".equals(ts.state)
        ? "target " + ts.name + ": " + ts.message + " (checked again on every change and every 5 minutes)"
        : "target " + ts.name + " failed " + ts.attempts + " times: " + ts.message
            + "; tried again every 5 minutes (fix the cause, or set behavior: BestEffort to go on without it)";
  }

  /** Strict plans stay in Error while a target is past its retries. */
  static boolean givenUp(HibernatePlanSpec spec, HibernateTargetStatus ts) {
    return ts.attempts != null && ts.attempts > spec.retriesOrDefault();
  }
}
