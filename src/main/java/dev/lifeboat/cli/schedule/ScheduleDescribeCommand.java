package dev.lifeboat.cli.schedule;

import dev.lifeboat.api.RetentionPolicy;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.api.SchedulePvcStatus;
import dev.lifeboat.api.ScheduleSpec;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.DescribeReads;
import dev.lifeboat.cli.Describer;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.cluster.LiveView;
import dev.lifeboat.kinds.schedule.ScheduleObservations;
import dev.lifeboat.lifecycle.schedule.RetentionPlan;
import dev.lifeboat.lifecycle.schedule.ScheduleRetention;
import dev.lifeboat.lifecycle.schedule.ScheduledBackup;
import dev.lifeboat.schedule.CronSchedule;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import dev.lifeboat.cli.backup.SourceText;

/** {@code lifeboat schedule describe NAME}: spec, status per PVC, and what retention keeps (why) and removes next. */
@Command(name = "describe", description = "Show a Schedule in detail: its runs, each PVC's last Backup, and what"
    + " the retention policy keeps (with reasons) and would remove next.")
public final class ScheduleDescribeCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Override
  protected int run() {
    DescribeReads reads = DescribeReads.of(this);
    Schedule s = reads.require(Schedule.class, name);
    ScheduleSpec spec = s.getSpec();
    Describer d = new Describer(out(), clock().instant());
    d.header(s);
    d.field("Cron", spec.cron + (s.getStatus() != null && s.getStatus().effectiveCron != null
        && !s.getStatus().effectiveCron.equals(spec.cron) ? " (" + s.getStatus().effectiveCron + ")" : ""));
    d.field("Time zone", spec.timeZone == null ? "UTC" : spec.timeZone);
    d.field("Repository", spec.repository);
    d.field("PVC", spec.pvc);
    d.field("PVC selector", spec.pvcSelector == null ? null : selector(spec.pvcSelector));
    d.field("Namespaces", spec.namespaceSelector != null ? selector(spec.namespaceSelector)
        : spec.namespaces == null || spec.namespaces.isEmpty() ? null : String.join(", ", spec.namespaces));
    d.field("Source", spec.source == null || spec.source.kind() == null ? null
        : SourceText.describe(spec.source));
    d.field("Mode", spec.modeOrDefault());
    d.field("Concurrency", spec.concurrencyOrDefault());
    d.field("Deadline", spec.startingDeadlineSeconds == null ? null : spec.startingDeadlineSeconds + "s");
    d.field("Suspended", spec.suspended());
    d.field("Retention", policy(spec.retention));
    var template = spec.backupTemplate;
    if (template != null) {
      d.field("Copy method", template.copyMethod == null ? null : template.copyMethod
          + (template.volumeSnapshotClassName == null ? "" : " (class " + template.volumeSnapshotClassName + ")"));
      if (template.hooks != null) {
        template.hooks.pre.forEach(h -> d.field("Pre hook", h.describe()));
        template.hooks.post.forEach(h -> d.field("Post hook", h.describe()));
      }
    }
    if (s.getStatus() != null) {
      var status = s.getStatus();
      d.field("Phase", status.phase);
      d.field("Message", status.message);
      d.field("Last run", status.lastScheduleTime);
      d.field("Next run", status.nextScheduleTime);
      d.field("Last success", status.lastSuccessfulTime);
      d.field("Last missed", status.lastMissedTime);
      d.field("No Repository in", status.namespacesWithoutRepository == null
          || status.namespacesWithoutRepository.isEmpty() ? null : String.join(", ", status.namespacesWithoutRepository));
      pvcs(status.pvcs, out());
      d.conditions(status.conditions);
    }
    retention(s);
    d.jobs(reads, s);
    d.events(reads, s);
    return ExitCodes.OK;
  }

  private static String selector(io.fabric8.kubernetes.api.model.LabelSelector selector) {
    List<String> parts = new ArrayList<>();
    if (selector.getMatchLabels() != null) {
      selector.getMatchLabels().forEach((k, v) -> parts.add(k + "=" + v));
    }
    if (selector.getMatchExpressions() != null) {
      selector.getMatchExpressions().forEach(e -> parts.add(e.getKey() + " " + e.getOperator()
          + (e.getValues() == null || e.getValues().isEmpty() ? "" : " (" + String.join(",", e.getValues()) + ")")));
    }
    return String.join(", ", parts);
  }

  private static String policy(RetentionPolicy p) {
    if (p == null || p.empty()) {
      return "none (every Backup is kept)";
    }
    List<String> parts = new ArrayList<>();
    if (p.keepLast != null) parts.add("last " + p.keepLast);
    if (p.keepHourly != null) parts.add("hourly " + p.keepHourly);
    if (p.keepDaily != null) parts.add("daily " + p.keepDaily);
    if (p.keepWeekly != null) parts.add("weekly " + p.keepWeekly);
    if (p.keepMonthly != null) parts.add("monthly " + p.keepMonthly);
    if (p.keepYearly != null) parts.add("yearly " + p.keepYearly);
    if (p.keepWithin != null) parts.add("within " + p.keepWithin);
    if (p.keepTags != null && !p.keepTags.isEmpty()) parts.add("tags " + String.join(" ", p.keepTags));
    return "keep " + String.join(", ", parts);
  }

  private static void pvcs(List<SchedulePvcStatus> pvcs, PrintStream out) {
    if (pvcs == null || pvcs.isEmpty()) {
      return;
    }
    out.println("PVCs:");
    out.printf("  %-20s %-40s %-9s %s%n", "PVC", "LAST BACKUP", "RESULT", "LAST SUCCESS / NOTE");
    for (SchedulePvcStatus p : pvcs) {
      out.printf("  %-20s %-40s %-9s %s%n", p.pvc, p.lastBackup == null ? "" : p.lastBackup,
          p.result == null ? "" : p.result, p.message != null ? p.message
              : p.lastSuccessfulTime == null ? "" : p.lastSuccessfulTime);
    }
  }

  /** Per PVC: what the policy keeps, with reasons, and what it would remove after the next completed run. */
  private void retention(Schedule s) {
    if (s.getSpec().retention == null || s.getSpec().retention.empty()) {
      return;
    }
    List<ScheduledBackup> backups = ScheduleObservations.backups(s, new LiveView(client()));
    RetentionPlan plan;
    try {
      plan = ScheduleRetention.plan(s.getSpec().retention, backups,
          CronSchedule.zone(s.getSpec().timeZone), clock().instant());
    } catch (IllegalArgumentException e) {
      return; // a bad policy is in the status message already
    }
    out().println("Retention (Ready Backups, per PVC):");
    for (RetentionPlan.Group group : plan.groups()) {
      List<String[]> rows = new ArrayList<>();
      group.keep().forEach(k -> rows.add(new String[] {((ScheduledBackup) k.snapshot().source()).name(),
          k.snapshot().time().toString(), "keep", String.join(", ", k.reasons())}));
      group.remove().forEach(r -> rows.add(new String[] {((ScheduledBackup) r.source()).name(), r.time().toString(),
          "remove", "not kept by any rule"}));
      rows.sort(Comparator.comparing((String[] r) -> r[1]).reversed());
      out().println("  pvc " + String.join(",", group.key().paths()) + ":");
      rows.forEach(r -> out().printf("    %-40s %-26s %-7s %s%n", (Object[]) r));
    }
  }
}
