package dev.lifeboat.lifecycle.hibernate;

import dev.lifeboat.api.Copies;
import dev.lifeboat.api.HibernateCycle;
import dev.lifeboat.api.HibernatePhase;
import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.api.HibernatePlanSpec;
import dev.lifeboat.api.HibernatePlanStatus;
import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.api.HibernateTargetStatus;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Conditions;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.lifecycle.JobNames;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The HibernatePlan state machine. Pure: {@code decide(plan, observed, now)}.
 *
 * <pre>
 *            off-hours begin                 all targets down
 *   Active ─────────────────────► Hibernating ─────────────────► Hibernated
 *     ▲      (or "hibernate now")      │                              │ off-hours end
 *     │                                │ off-hours end                │ (or "hibernate wake")
 *     │       all targets marked       ▼                              ▼
 *     └──────────────────────────── WakingUp ◄────────────────────────┘
 *
 *   any ──spec.suspend──► Suspended (records suspendedAtPhase) ──unsuspend──► that phase, except:
 *       a non-Active phase while the off-hours say awake goes to WakingUp (a forced wake-up)
 *   Hibernating | WakingUp ──a target past its retries (Strict)──► Error (errorInPhase: the work is
 *       tried again every 5 minutes and the plan moves on once it succeeds); invalid spec ──► Error
 * </pre>
 *
 * <p>A new plan, or one resumed while Active, is armed at that moment ({@code status.armedAt}): an off-hours window
 * that had already begun is left alone and the first shutdown is at the next window's start ("hibernate now" acts at
 * once). Guards that make it safe: Hibernated while the off-hours still say sleep does nothing (a
 * second shutdown would capture targets at 0); a Hibernating plan found after a crash goes on with
 * the targets not yet down; a wake-up is finished once begun (its marks say which targets are
 * done); restore points follow {@link RestorePoint#preferred save-or-preserve}.
 */
public final class HibernateLifecycle {
  static final int HISTORY = 10;
  static final Duration MAX_REQUEUE = Duration.ofMinutes(15);
  private static final DateTimeFormatter CYCLE_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private HibernateLifecycle() {}

  /** The plan's restore data ConfigMap; restores use {@code <restore>-restore-data}, so the names never meet. */
  public static String dataConfigMap(String plan) {
    return JobNames.fit(plan + "-hibernate-data", 253);
  }

  /**
   * The Job that carries out one step of a cloud target ({@code op} shutdown or wake) in a cycle,
   * attempt by attempt: {@code <plan>-<target>-<op>-<hash>-<attempt>}, fitted to 63 characters.
   */
  public static String jobName(String plan, String target, String op, String cycleId, int attempt) {
    return JobNames.fit(plan + "-" + target + "-" + op + "-" + JobNames.shortHash(cycleId) + "-" + attempt, 63);
  }

  /** What every attempt of one step carries as label {@code lifeboat.dev/hibernate-step}: finds them all. */
  public static String stepLabel(String plan, String target, String op, String cycleId) {
    return JobNames.shortHash(plan + "/" + target + "/" + op + "/" + cycleId);
  }

  public static Decision<HibernatePlanStatus> decide(HibernatePlan plan, HibernateObservation observed, Instant now) {
    HibernatePlanStatus old = plan.getStatus();
    HibernatePlanStatus status = old == null ? new HibernatePlanStatus() : Copies.deepCopy(old, HibernatePlanStatus.class);
    HibernatePhase phase = status.phase == null ? HibernatePhase.Active : status.phase;
    HibernatePlanSpec spec = plan.getSpec();
    Long generation = plan.getMetadata().getGeneration();
    status.observedGeneration = generation;
    status.restoreDataConfigMap = dataConfigMap(plan.getMetadata().getName());
    HibernatePass pass = new HibernatePass(spec, status, observed, now);
    HibernatePhase work = phase == HibernatePhase.Error
        ? (status.errorInPhase == null ? HibernatePhase.Active : status.errorInPhase) : phase;

    List<String> problems = new ArrayList<>(HibernateValidation.problems(spec, plan.getMetadata().getAnnotations()));
    problems.addAll(observed.outOfReach());
    if (problems.isEmpty()) {
      problems.addAll(HibernateValidation.sharedObjects(spec, observed));
    }
    if (!problems.isEmpty()) {
      String message = "invalid spec: " + String.join("; ", problems);
      if (phase != HibernatePhase.Error || !message.equals(status.message)) {
        pass.event(Action.EventType.Warning, "InvalidSpec", message);
      }
      status.errorInPhase = work == HibernatePhase.Suspended ? status.suspendedAtPhase : work;
      status.phase = HibernatePhase.Error;
      status.message = message;
      status.nextTransition = null;
      status.nextTransitionTo = null;
      Conditions.set(status.conditions, Conditions.READY, false, "InvalidSpec", message, generation, now);
      return Decision.of(status, pass.actions);
    }
    if (spec.suspended()) {
      if (phase != HibernatePhase.Suspended) {
        status.suspendedAtPhase = work;
        status.phase = HibernatePhase.Suspended;
        status.errorInPhase = null;
        status.message = "suspended while " + work + ": nothing is touched until spec.suspend is false";
        pass.event(Action.EventType.Normal, "Suspended", status.message);
      }
      status.nextTransition = null;
      status.nextTransitionTo = null;
      Conditions.set(status.conditions, Conditions.READY, true, "Suspended", status.message, generation, now);
      return Decision.of(status, pass.actions);
    }
    boolean resumed = phase == HibernatePhase.Suspended;
    if (resumed) {
      work = status.suspendedAtPhase == null ? HibernatePhase.Active : status.suspendedAtPhase;
      status.suspendedAtPhase = null;
    }
    if (old == null || old.phase == null || (resumed && work == HibernatePhase.Active)) {
      status.armedAt = now.toString(); // a new plan, or one resumed awake: it acts from its next window on
    }

    OffHours hours = OffHours.parse(spec.schedule.timeZone, spec.schedule.offHours);
    OnDemand onDemand = OnDemand.of(plan.getMetadata().getAnnotations());
    boolean override = onDemand != null && onDemand.activeAt(now);
    boolean asleep = override ? onDemand.asleep() : hours.asleepAt(now);
    nextTransition(status, hours, override ? onDemand : null, now, pass);

    status.phase = work;
    status.errorInPhase = null;
    switch (work) {
      case Active -> {
        if (observed.marksPresent()) {
          pass.actions.add(new Action.ClearRestoredMarks());
        }
        Instant armed = status.armedAt == null ? null : Instant.parse(status.armedAt);
        OffHours.Sleep window = override ? null : hours.sleepAt(now);
        if (asleep && window != null && armed != null && window.from().isBefore(armed)) {
          // Made (or resumed) inside a window: no surprise shutdown now; the next window is the first.
          Instant first = hours.nextSleepStart(window.to());
          status.message = "inside the off-hours since " + window.from() + ", before this plan was armed: it first acts"
              + " at " + (first == null ? "its next window" : first) + " (lifeboat hibernate now "
              + plan.getMetadata().getName() + " to sleep now)";
          status.nextTransition = first == null ? null : first.toString();
          status.nextTransitionTo = first == null ? null : HibernatePhase.Hibernated;
        } else if (asleep) {
          startCycle(pass, override ? "OnDemand" : "Schedule", resumed);
        } else {
          status.message = null;
        }
      }
      case Hibernating -> {
        if (asleep) {
          ShutdownStep.run(pass);
        } else {
          startWake(pass, resumed, "the off-hours ended before every target was down");
        }
      }
      case Hibernated -> {
        if (!asleep) {
          startWake(pass, resumed, null);
        } else {
          reportWhatIsDown(pass);
        }
      }
      case WakingUp -> WakeStep.run(pass);
      default -> throw new IllegalStateException("no work in phase " + work);
    }
    if (!pass.bestEffort() && (status.phase == HibernatePhase.Hibernating || status.phase == HibernatePhase.WakingUp)) {
      for (HibernateTargetStatus ts : status.targets) {
        if (TargetFailures.givenUp(spec, ts)) {
          status.errorInPhase = status.phase;
          status.phase = HibernatePhase.Error;
          status.message = TargetFailures.errorMessage(ts);
        }
      }
    }
    boolean healthy = status.phase != HibernatePhase.Error;
    Conditions.set(status.conditions, Conditions.READY, healthy, healthy ? status.phase.name() : "TargetFailed",
        status.message, generation, now);
    return new Decision<>(status, pass.actions, pass.requeue);
  }

  /**
   * While asleep, a target is Down only while it is: one started again by hand is reported Up (and left as it is:
   * a change a person made while the plan sleeps wins), and Down again once it is at rest.
   */
  private static void reportWhatIsDown(HibernatePass pass) {
    for (HibernateTarget t : pass.spec.targets) {
      HibernateTargetStatus ts = pass.target(t);
      TargetObservation o = pass.observed(t);
      if (o == null || o.problem() != null) {
        continue;
      }
      if ("Down".equals(ts.state) && !o.stopped()) {
        ts.state = "Up";
        ts.message = "running again while the plan sleeps (changed by hand): left as it is";
        pass.event(Action.EventType.Warning, "TargetUp", "target " + t.name + " " + ts.message);
      } else if ("Up".equals(ts.state) && o.stopped()) {
        HibernatePass.succeeded(ts, "Down");
      }
    }
  }

  private static void startCycle(HibernatePass pass, String reason, boolean resumed) {
    HibernatePlanStatus status = pass.status;
    status.phase = HibernatePhase.Hibernating;
    status.cycleId = CYCLE_ID.format(pass.now);
    status.targets = new ArrayList<>();
    for (HibernateTarget t : pass.spec.targets) {
      status.targets.add(new HibernateTargetStatus(t.name, "Pending"));
    }
    HibernateCycle cycle = new HibernateCycle(status.cycleId, pass.stamp(), reason);
    status.history.add(cycle);
    while (status.history.size() > HISTORY) {
      status.history.remove(0);
    }
    status.message = "shutting down " + pass.spec.targets.size() + " targets";
    pass.event(Action.EventType.Normal, "Hibernating", (reason.equals("OnDemand") ? "on demand" : "off-hours began")
        + (resumed ? " (resumed from suspension)" : "") + ": shutting down " + pass.spec.targets.size()
        + " targets, cycle " + status.cycleId);
    pass.requeueWithin(Duration.ZERO);
  }

  private static void startWake(HibernatePass pass, boolean resumed, String why) {
    HibernatePlanStatus status = pass.status;
    status.phase = HibernatePhase.WakingUp;
    for (HibernateTargetStatus ts : status.targets) {
      if (!"Failed".equals(ts.state)) {
        HibernatePass.succeeded(ts, "Pending");
      }
    }
    if (status.cycleId != null) {
      pass.cycle().wakeUpStarted = pass.stamp();
    }
    status.message = "waking " + pass.spec.targets.size() + " targets";
    if (resumed) {
      pass.event(Action.EventType.Warning, "ForcedWakeUp", "resumed while the plan should be awake, with targets"
          + " shut down: waking them from their restore data");
    } else {
      pass.event(Action.EventType.Normal, "WakingUp", why == null ? "off-hours ended: waking targets" : why
          + ": waking targets");
    }
    pass.requeueWithin(Duration.ZERO);
  }

  private static void nextTransition(HibernatePlanStatus status, OffHours hours, OnDemand override, Instant now,
      HibernatePass pass) {
    OffHours.Transition next;
    if (override == null) {
      next = hours.next(now);
    } else if (override.until() == null) {
      next = null;
    } else {
      boolean scheduled = hours.asleepAt(override.until());
      next = scheduled != override.asleep() ? new OffHours.Transition(override.until(), scheduled)
          : hours.next(override.until());
    }
    status.nextTransition = next == null ? null : next.at().toString();
    status.nextTransitionTo = next == null ? null : next.toAsleep() ? HibernatePhase.Hibernated : HibernatePhase.Active;
    Duration until = next == null ? MAX_REQUEUE : Duration.between(now, next.at());
    pass.requeueWithin(until.compareTo(MAX_REQUEUE) > 0 ? MAX_REQUEUE : until);
    if (override != null && override.until() != null && override.until().isAfter(now)) {
      Duration left = Duration.between(now, override.until());
      pass.requeueWithin(left);
    }
  }
}
