package dev.lifeboat.cli.hibernate;

import dev.lifeboat.api.HibernateCycle;
import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.api.HibernateTargetStatus;
import dev.lifeboat.api.HibernateWindow;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.DescribeReads;
import dev.lifeboat.cli.Describer;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.cluster.LiveView;
import dev.lifeboat.hibernate.HibernateData;
import dev.lifeboat.lifecycle.hibernate.OnDemand;
import dev.lifeboat.lifecycle.hibernate.RestorePoint;
import java.io.PrintStream;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lifeboat hibernate describe NAME}: windows, next change, targets with their restore points, marks, cycles. */
@Command(name = "describe", description = "Show a HibernatePlan in detail: its windows and next transition, each"
    + " target's objects and saved restore data (isLive, capturedAt), restored marks, the last cycles, Events.")
public final class HibernateDescribeCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Override
  protected int run() {
    DescribeReads reads = DescribeReads.of(this);
    HibernatePlan plan = reads.require(HibernatePlan.class, name);
    Instant now = clock().instant();
    Describer d = new Describer(out(), now);
    d.header(plan);
    var spec = plan.getSpec();
    d.field("Time zone", spec.schedule == null || spec.schedule.timeZone == null ? "UTC" : spec.schedule.timeZone);
    if (spec.schedule != null) {
      for (HibernateWindow w : spec.schedule.offHours) {
        d.field("Off-hours", (w.days == null || w.days.isEmpty() ? "every day" : String.join(",", w.days)) + " "
            + w.start + "-" + w.end);
      }
    }
    d.field("Execution", spec.executionOrDefault() + ", " + spec.behaviorOrDefault() + ", retries "
        + spec.retriesOrDefault());
    d.field("Suspended", spec.suspended());
    try {
      OnDemand onDemand = OnDemand.of(plan.getMetadata().getAnnotations());
      if (onDemand != null) {
        d.field("On demand", (onDemand.asleep() ? "asleep" : "awake") + (onDemand.until() == null ? " until changed"
            : " until " + onDemand.until().atZone(PlanReconcile.zone(plan)).toOffsetDateTime())
            + (onDemand.activeAt(now) ? "" : " (over)"));
      }
    } catch (IllegalArgumentException e) {
      d.field("On demand", "invalid: " + e.getMessage());
    }
    var status = plan.getStatus();
    if (status != null) {
      d.field("Phase", status.phase + (status.suspendedAtPhase != null ? " (in " + status.suspendedAtPhase + ")"
          : status.errorInPhase != null ? " (in " + status.errorInPhase + ")" : ""));
      d.field("Message", status.message);
      d.field("Next", PlanReconcile.next(plan, now).substring("next: ".length()));
      d.field("Cycle", status.cycleId);
      d.field("Restore data", "ConfigMap " + status.restoreDataConfigMap);
    }
    targets(plan, out());
    cycles(plan, out());
    if (status != null) {
      d.conditions(status.conditions);
    }
    d.events(reads, plan);
    return ExitCodes.OK;
  }

  private void targets(HibernatePlan plan, PrintStream out) {
    HibernateData.Stored stored = HibernateData.read(new LiveView(client()), plan);
    out.println("Targets:");
    out.printf("  %-14s %-10s %-9s %-6s %-21s %-9s %s%n", "NAME", "TYPE", "STATE", "LIVE", "CAPTURED", "RESTORED",
        "OBJECTS / SAVED / NOTE");
    for (HibernateTarget t : plan.getSpec().targets) {
      HibernateTargetStatus ts = plan.getStatus() == null ? null : plan.getStatus().targets.stream()
          .filter(s -> s.name.equals(t.name)).findFirst().orElse(null);
      RestorePoint p = stored.committed().get(t.name);
      out.printf("  %-14s %-10s %-9s %-6s %-21s %-9s %s%n", t.name, t.type, ts == null ? "" : ts.state,
          p == null ? "-" : p.isLive(), p == null ? "-" : p.capturedAt().replaceFirst("\\.\\d+Z$", "Z"),
          stored.marked().contains(t.name) ? "yes" : "no",
          ts == null || ts.items.isEmpty() ? (t.selector != null ? "selector " + t.selector : String.join(",", t.refs))
              : String.join(",", ts.items));
      if (p != null) {
        out.printf("  %-14s saved (cycle %s): %s%n", "", p.cycleId(), p.data());
      }
      if (stored.pending().containsKey(t.name)) {
        out.printf("  %-14s pending capture (shutdown not finished): %s%n", "", stored.pending().get(t.name).data());
      }
      if (ts != null && ts.message != null) {
        out.printf("  %-14s %s%n", "", ts.message);
      }
    }
  }

  private static void cycles(HibernatePlan plan, PrintStream out) {
    if (plan.getStatus() == null || plan.getStatus().history.isEmpty()) {
      return;
    }
    out.println("Cycles (newest last):");
    out.printf("  %-16s %-9s %-25s %-25s %-25s %s%n", "CYCLE", "REASON", "SHUTDOWN STARTED", "HIBERNATED", "WAKE STARTED",
        "ACTIVE");
    for (HibernateCycle c : plan.getStatus().history) {
      out.printf("  %-16s %-9s %-25s %-25s %-25s %s%n", c.cycleId, c.reason, orDash(c.shutdownStarted),
          orDash(c.hibernatedAt), orDash(c.wakeUpStarted), orDash(c.activeAt));
    }
  }

  private static String orDash(String s) {
    return s == null ? "-" : s;
  }

}
