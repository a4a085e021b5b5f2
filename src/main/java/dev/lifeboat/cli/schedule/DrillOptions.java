package dev.lifeboat.cli.schedule;

import dev.lifeboat.api.Durations;
import dev.lifeboat.api.ScheduleDrill;
import dev.lifeboat.api.ScheduleSpec;
import dev.lifeboat.cli.DurationConverter;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.schedule.CronSchedule;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code schedule create}'s restore drills and recovery point objective. */
public final class DrillOptions {
  @Option(names = "--drill-cron", paramLabel = "EXPR", description = "Drill the newest Ready Backup of each claim at"
      + " these times (cron or macro, e.g. @weekly-random): restored into a scratch claim and verified, a Drill each.")
  String cron;

  @Option(names = "--drill-verify-command", paramLabel = "CMD", description = "With --drill-cron: run this"
      + " (/bin/sh -c) against each restored scratch claim, at $DRILL_PATH; exit 0 passes.")
  String verifyCommand;

  @Option(names = "--drill-keep-failed", paramLabel = "DUR", converter = DurationConverter.class,
      description = "With --drill-cron: keep a failed drill's scratch claim this long (default 24h).")
  Duration keepFailed;

  @Option(names = "--rpo", paramLabel = "DUR", converter = DurationConverter.class, description = "Recovery point"
      + " objective: 'lifeboat status' calls a claim stale when its newest Ready Backup is older (default 1.5 x the"
      + " cron's interval).")
  Duration rpo;

  void apply(ScheduleSpec spec, String timeZone, String seed) {
    if (rpo != null) {
      if (rpo.isZero()) {
        throw UserException.usage("--rpo must be more than 0 (e.g. 36h)");
      }
      spec.rpo = Durations.format(rpo);
    }
    if (cron == null) {
      if (verifyCommand != null || keepFailed != null) {
        throw UserException.usage((verifyCommand != null ? "--drill-verify-command" : "--drill-keep-failed")
            + " goes with --drill-cron (when to drill)");
      }
      return;
    }
    try {
      CronSchedule.parse(cron, timeZone, seed);
    } catch (IllegalArgumentException e) {
      throw UserException.usage("--drill-" + e.getMessage());
    }
    spec.drill = new ScheduleDrill();
    spec.drill.cron = cron;
    if (verifyCommand != null) {
      if (verifyCommand.isBlank()) {
        throw UserException.usage("--drill-verify-command is empty: give a shell command");
      }
      spec.drill.verifyCommand = List.of("/bin/sh", "-c", verifyCommand);
    }
    if (keepFailed != null) {
      spec.drill.keepFailed = keepFailed.isZero() ? "0s" : Durations.format(keepFailed);
    }
  }
}
