package dev.lifeboat.cli.schedule;

import dev.lifeboat.lifecycle.backup.BackupLifecycle;
import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupTemplate;
import dev.lifeboat.api.Durations;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.api.ScheduleSpec;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.cli.SelfDriver;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.cli.Waiter;
import dev.lifeboat.cli.backup.BackupProgressText;
import dev.lifeboat.engine.ControllerHeartbeat;
import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.kinds.schedule.ScheduleRunner;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import dev.lifeboat.api.Labels;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.schedule.ScheduleLifecycle;
import dev.lifeboat.schedule.CronSchedule;

/**
 * What {@code schedule run}, {@code backup create --from-schedule} and {@code schedule create}
 * do with a Schedule from the command line: one run now (printing the Backups it created), waiting
 * for them and for retention, and the first reconcile after create.
 */
public final class ScheduleNow {
  private ScheduleNow() {}

  static ScheduleRunner runner(ClientCommand command) {
    return new ScheduleRunner(Kinds.reconcilers(), command.client(), command.clock(), command.jobs());
  }

  /** Right after create: reconcile once (status, next run; the CronJob in mode cronjob) and say what happens next. */
  static void afterCreate(ClientCommand command, Schedule created) {
    runner(command).reconcile(created);
    Schedule now = command.client().resources(Schedule.class).inNamespace(created.getMetadata().getNamespace())
        .withName(created.getMetadata().getName()).get();
    var status = now == null ? null : now.getStatus();
    if (status != null && status.nextScheduleTime != null) {
      command.out().println("next run: " + ZonedDateTime.ofInstant(Instant.parse(status.nextScheduleTime),
          CronSchedule.zone(created.getSpec().timeZone)).toOffsetDateTime()
          + (status.effectiveCron != null && !status.effectiveCron.equals(created.getSpec().cron)
              ? " (" + created.getSpec().cron + " is '" + status.effectiveCron + "' for this schedule)" : ""));
    }
    boolean cronJobMode = created.getSpec().modeOrDefault() == ScheduleSpec.ScheduleMode.CronJob;
    if (cronJobMode) {
      command.out().println("runs are fired by CronJob " + ScheduleLifecycle
          .cronJobName(created.getMetadata().getName()) + " (no controller needed)");
    } else if (!ControllerHeartbeat.alive(command.client(), created.getMetadata().getNamespace(), command.clock().instant())) {
      command.err().println("warning: no lifeboat controller is running for namespace " + created.getMetadata().getNamespace()
          + ": this Schedule fires only while one runs ('lifeboat reconcile --watch', 'lifeboat install'),"
          + " or use --mode cronjob");
    }
  }

  /**
   * One run now; prints the Backups; with {@code wait}, waits for each to end and then for the
   * Schedule's retention to be applied (driving both itself when no controller runs).
   *
   * @return 0 when every Backup is Ready and complete (or not waited for), 1 when one Failed or is incomplete, 3 on
   *     timeout
   */
  public static int run(ClientCommand command, String scheduleName, boolean wait, Duration timeout) {
    Schedule schedule = command.require(Schedule.class, scheduleName);
    ScheduleRunner runner = runner(command);
    ScheduleRunner.Result result = runner.runNow(schedule);
    if (!result.problems().isEmpty()) {
      throw UserException.usage("Schedule \"" + scheduleName + "\" cannot run: " + String.join("; ", result.problems())
          + " (fix it with kubectl edit schedule " + scheduleName + ")");
    }
    // namespace/name: a Schedule of lifeboat's namespace creates Backups in its claims' namespaces (namespaceSelector)
    result.created().forEach(name -> command.out().println("backup.lifeboat.dev/" + name.substring(name.indexOf('/') + 1)
        + " created" + (name.contains("/") ? " in namespace " + name.substring(0, name.indexOf('/')) : "")));
    result.skipped().forEach((pvc, why) -> command.err().println("skipped pvc " + pvc + ": " + why));
    if (result.claims().isEmpty()) {
      command.err().println("warning: " + (schedule.getSpec().pvc != null ? "PVC " + schedule.getSpec().pvc
          + " does not exist" : "no PVC matches the pvcSelector") + ": nothing to back up");
    }
    if (!wait) {
      return ExitCodes.OK;
    }
    Instant deadline = command.clock().instant().plus(timeout != null ? timeout : Waiter.budget(templateTimeout(schedule)));
    int code = ExitCodes.OK;
    String scheduleNs = schedule.getMetadata().getNamespace();
    for (String created : result.created()) {
      String ns = created.contains("/") ? created.substring(0, created.indexOf('/')) : scheduleNs;
      String name = created.substring(created.indexOf('/') + 1);
      Duration left = Duration.between(command.clock().instant(), deadline);
      int one = Waiter.await(command, Backup.class, ns, name, left.isNegative() ? Duration.ZERO : left,
          BackupProgressText::outcome, b -> { }, command.err());
      Backup done = command.client().resources(Backup.class).inNamespace(ns).withName(name).get();
      String message = done == null || done.getStatus() == null ? "" : done.getStatus().message;
      boolean incomplete = one == ExitCodes.OK && done != null && Boolean.TRUE.equals(done.getStatus().incomplete);
      command.out().println("backup " + name + " is " + (one != ExitCodes.OK ? "Failed: " + message : incomplete
          ? "Ready but incomplete: " + BackupLifecycle.incompleteMessage(done.getSpec().source.pvc, done.getStatus().summary)
          : "Ready"));
      // An incomplete run is a failed run (as retention counts it): a CronJob's Job says so.
      code = Math.max(code, one == ExitCodes.OK && !incomplete ? ExitCodes.OK : ExitCodes.FAILED);
    }
    awaitRetention(command, runner, schedule, deadline);
    return code;
  }

  /** Until retention has nothing left to remove (expired Backups deleted, their snapshots forgotten). */
  private static void awaitRetention(ClientCommand command, ScheduleRunner runner, Schedule schedule, Instant deadline) {
    if (schedule.getSpec().retention == null || schedule.getSpec().retention.empty()) {
      return;
    }
    String ns = schedule.getMetadata().getNamespace();
    try (SelfDriver driver = new SelfDriver(command.client(), command.jobs(), ns, "Schedule " + schedule.getMetadata().getName()
        + "'s retention", command.err())) {
      while (runner.retentionPending(schedule) > 0) {
        if (command.clock().instant().isAfter(deadline)) {
          throw new UserException(ExitCodes.TIMEOUT, "timed out waiting for Schedule " + schedule.getMetadata().getName()
              + "'s retention; it goes on in the cluster");
        }
        try {
          Thread.sleep(500); // polled: retention spans several objects (Backups, forget Jobs), there is no one to watch
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UserException(ExitCodes.INTERRUPTED, "interrupted; retention goes on in the cluster");
        }
      }
      command.out().println("retention applied: " + describeKept(command, schedule));
    }
  }

  private static String describeKept(ClientCommand command, Schedule schedule) {
    long ready = command.client().resources(Backup.class).inNamespace(schedule.getMetadata().getNamespace())
        .withLabel(Labels.SCHEDULE, JobNames.labelValue(schedule.getMetadata().getName()))
        .list().getItems().stream().filter(b -> b.getStatus() != null && b.getStatus().phase != null
            && b.getStatus().phase.name().equals("Ready")).count();
    return ready + " Ready Backup(s) kept";
  }

  private static Duration templateTimeout(Schedule schedule) {
    BackupTemplate t = schedule.getSpec().backupTemplate;
    return t == null || t.timeout == null ? null : Durations.parse(t.timeout);
  }
}
