package dev.lifeboat.cli.hibernate;

import dev.lifeboat.api.HibernatePhase;
import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.api.Labels;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.DurationConverter;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.cli.Waiter;
import dev.lifeboat.lifecycle.hibernate.OffHours;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * {@code hibernate now|wake}: the on-demand annotations (with an end: given, or the off-hours' next
 * change to the other state), one reconcile from here, and with {@code --wait} the wait for
 * Hibernated or Active (driving the plan itself when no controller runs).
 */
final class HibernateRequest {
  static final Duration DEFAULT_WAIT = Duration.ofMinutes(10);

  private HibernateRequest() {}

  static int request(ClientCommand command, String name, boolean asleep, String until, boolean wait, Duration timeout) {
    HibernatePlan plan = command.require(HibernatePlan.class, name);
    Instant now = command.clock().instant();
    Instant end = until != null ? parseUntil(until, plan, now) : defaultEnd(plan, asleep, now);
    String patch = "{\"metadata\":{\"annotations\":{\"" + Labels.HIBERNATE + "\":\"" + (asleep ? "now" : "wake") + "\",\""
        + Labels.HIBERNATE_UNTIL + "\":" + (end == null ? "null" : "\"" + end + "\"") + "}}}";
    String ns = plan.getMetadata().getNamespace();
    HibernatePlan patched = command.client().resources(HibernatePlan.class).inNamespace(ns).withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    command.out().println("hibernateplan.lifeboat.dev/" + name + (asleep ? " hibernating" : " waking") + " on demand "
        + (end == null ? "until the next 'hibernate " + (asleep ? "wake" : "now") + "'"
            : "until " + end.atZone(PlanReconcile.zone(plan)).toOffsetDateTime()));
    HibernatePlan after = PlanReconcile.once(command, patched);
    if (after != null && after.getSpec().suspended()) {
      command.err().println("warning: the plan is suspended: nothing happens until 'lifeboat hibernate resume " + name + "'");
    }
    if (!wait) {
      PlanReconcile.warnWithoutController(command, ns);
      return ExitCodes.OK;
    }
    HibernatePhase goal = asleep ? HibernatePhase.Hibernated : HibernatePhase.Active;
    int code = Waiter.await(command, HibernatePlan.class, ns, name, timeout == null ? DEFAULT_WAIT : timeout,
        p -> outcome(p, goal), p -> { }, command.err());
    HibernatePlan done = command.client().resources(HibernatePlan.class).inNamespace(ns).withName(name).get();
    var status = done == null ? null : done.getStatus();
    if (code == ExitCodes.OK) {
      command.out().println("hibernateplan " + name + " is " + goal + " (" + status.targets.size()
          + (status.targets.size() == 1 ? " target)" : " targets)"));
    } else {
      command.err().println("hibernateplan " + name + " is " + (status == null ? "unknown" : status.phase) + ": "
          + (status == null || status.message == null ? "" : status.message));
    }
    return code;
  }

  private static Integer outcome(HibernatePlan p, HibernatePhase goal) {
    var s = p.getStatus();
    if (s == null || s.phase == null) {
      return null;
    }
    if (s.phase == goal) {
      return ExitCodes.OK;
    }
    return s.phase == HibernatePhase.Error || s.phase == HibernatePhase.Suspended ? ExitCodes.FAILED : null;
  }

  /** A duration (2h), a time of day in the plan's zone (07:30, the next one), or an RFC 3339 time. */
  static Instant parseUntil(String text, HibernatePlan plan, Instant now) {
    var zone = PlanReconcile.zone(plan);
    try {
      if (text.matches("\\d{1,2}:\\d{2}")) {
        ZonedDateTime at = now.atZone(zone).with(LocalTime.parse(text.length() == 4 ? "0" + text : text));
        return (at.toInstant().isAfter(now) ? at : at.plusDays(1)).toInstant();
      }
      if (text.contains("T")) {
        Instant at = OffsetDateTime.parse(text).toInstant();
        if (!at.isAfter(now)) {
          throw UserException.usage("--until: " + text + " is not in the future");
        }
        return at;
      }
      Duration d = new DurationConverter().convert(text);
      if (d.isNegative() || d.isZero()) {
        throw UserException.usage("--until: " + text + " is not in the future");
      }
      return now.plus(d);
    } catch (DateTimeParseException | IllegalArgumentException e) {
      if (e instanceof UserException u) {
        throw u;
      }
      throw UserException.usage("--until: '" + text + "' is neither a duration (2h, 90m), a time of day (07:30, in "
          + zone + ") nor a date and time (2026-12-01T07:00:00+01:00)");
    } catch (picocli.CommandLine.TypeConversionException e) {
      throw UserException.usage("--until: '" + text + "' is neither a duration (2h, 90m), a time of day (07:30, in "
          + zone + ") nor a date and time (2026-12-01T07:00:00+01:00)");
    }
  }

  /** Until the off-hours would do the same: the end of the current or next sleep (now), the next sleep's start (wake). */
  private static Instant defaultEnd(HibernatePlan plan, boolean asleep, Instant now) {
    OffHours hours;
    try {
      hours = OffHours.parse(plan.getSpec().schedule.timeZone, plan.getSpec().schedule.offHours);
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
    OffHours.Sleep current = hours.sleepAt(now);
    if (asleep) {
      if (current != null) {
        return current.to();
      }
      OffHours.Transition next = hours.next(now);
      OffHours.Sleep coming = next == null ? null : hours.sleepAt(next.at());
      return coming == null ? null : coming.to();
    }
    Instant from = current != null ? current.to() : now;
    OffHours.Transition next = hours.next(from);
    return next == null ? null : next.at();
  }
}
