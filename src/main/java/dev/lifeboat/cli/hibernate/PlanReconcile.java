package dev.lifeboat.cli.hibernate;

import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.engine.ControllerHeartbeat;
import dev.lifeboat.engine.Engine;
import dev.lifeboat.cluster.ResourceKey;
import java.time.Instant;
import java.time.ZoneId;
import dev.lifeboat.api.HibernatePhase;
import dev.lifeboat.output.Ages;
import java.time.DateTimeException;
import java.time.Duration;

/** What commands do with a plan from here: one reconcile (status, next transition), and the "next:" line. */
final class PlanReconcile {
  private PlanReconcile() {}

  /** One reconcile from the command line, as a controller would do it; returns the plan as it is then. */
  static HibernatePlan once(ClientCommand command, HibernatePlan plan) {
    Engine.overServer(Kinds.reconcilers(), command.client(), command.clock(), command.jobs())
        .reconcile(ResourceKey.of(plan));
    return command.client().resources(HibernatePlan.class).inNamespace(plan.getMetadata().getNamespace())
        .withName(plan.getMetadata().getName()).get();
  }

  /** "next: Hibernated at 2026-12-01T20:00+01:00 (in 5h)". */
  static String next(HibernatePlan plan, Instant now) {
    var s = plan == null ? null : plan.getStatus();
    if (s != null && s.phase == HibernatePhase.Suspended) {
      return "next: nothing while suspended ('lifeboat hibernate resume " + plan.getMetadata().getName() + "')";
    }
    if (s != null && s.phase == HibernatePhase.Error) {
      return "next: nothing until the error is fixed: " + s.message;
    }
    if (s == null || s.nextTransition == null) {
      return "next: no change within two weeks";
    }
    Instant at = Instant.parse(s.nextTransition);
    ZoneId zone = zone(plan);
    String line = "next: " + s.nextTransitionTo + " at " + at.atZone(zone).toOffsetDateTime() + " (in "
        + Ages.format(Duration.between(now, at)) + ")";
    if (s.phase == HibernatePhase.Active && s.message != null && s.message.startsWith("inside the off-hours")) {
      // Armed inside a window: say plainly that nothing was scaled, and how to sleep now.
      line += ": its first shutdown; it is inside the off-hours now, and nothing was scaled ('lifeboat hibernate now "
          + plan.getMetadata().getName() + "' sleeps now)";
    }
    return line;
  }

  static ZoneId zone(HibernatePlan plan) {
    String tz = plan.getSpec().schedule == null ? null : plan.getSpec().schedule.timeZone;
    try {
      return ZoneId.of(tz == null || tz.isBlank() ? "UTC" : tz);
    } catch (DateTimeException e) {
      return ZoneId.of("UTC");
    }
  }

  static void warnWithoutController(ClientCommand command, String ns) {
    if (!ControllerHeartbeat.alive(command.client(), ns, command.clock().instant())) {
      command.err().println("warning: no lifeboat controller is running for namespace " + ns + ": the plan moves only"
          + " while one runs ('lifeboat reconcile --watch', 'lifeboat install'), on each 'lifeboat reconcile --once',"
          + " or with 'lifeboat hibernate now|wake --wait'");
    }
  }
}
