package dev.lifeboat.lifecycle.schedule;

import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.Copies;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.api.SchedulePhase;
import dev.lifeboat.api.SchedulePvcStatus;
import dev.lifeboat.api.ScheduleSpec;
import dev.lifeboat.api.ScheduleStatus;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Action.EventType;
import dev.lifeboat.lifecycle.Conditions;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.schedule.ScheduleObservation.CronJobState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;

/**
 * The Schedule state machine.
 *
 * <pre>
 *                       spec fixed / repository appears
 *   (new) ──► FailedValidation ─────────────────────────┐
 *     │        ▲ bad cron, zone, source, retention;      │
 *     │        │ repository missing (all listed)         ▼
 *     └──────────────────────────────────────────────► Enabled ◄──── spec.suspend=false ────┐
 *                                                        │                                   │
 *     at each fire time (the latest one only, and only   │ spec.suspend=true                 │
 *     within startingDeadlineSeconds): one run =         ▼                                   │
 *     one Backup per claim, Forbid/lock skips ─────── Suspended ─────────────────────────────┘
 *
 *   Enabled, at each fire time of drill.cron: one Drill per claim of its newest Ready Backup ({@link ScheduleDrills}).
 *   Every pass, in any phase but FailedValidation: per-claim status from the Backups, and when
 *   none of them is unfinished, retention deletes the expired Backups (their finalizer forgets
 *   the snapshot). In mode CronJob the CronJob {@code <name>-backup} fires the runs instead.
 * </pre>
 *
 * <p>Missed fire times (a controller down for days) yield at most one run: the latest one. A run's
 * Backups are created before lastScheduleTime records it, and their names are derived from the
 * run's time, so a pass interrupted anywhere repeats the run without creating anything twice.
 */
public final class ScheduleLifecycle {
  /** Even with a far next fire time, look again this often: level-triggered, robust to clock jumps. */
  static final Duration MAX_REQUEUE = Duration.ofMinutes(15);
  /** A claim's result while its newest Backup is Pending, Running or Completed (verifying). */
  public static final String IN_PROGRESS = "InProgress";

  private ScheduleLifecycle() {}

  /** The CronJob a Schedule in mode CronJob owns (CronJob names are limited to 52 characters). */
  public static String cronJobName(String schedule) {
    return JobNames.fit(schedule + "-backup", 52);
  }

  public static Decision<ScheduleStatus> decide(Schedule schedule, ScheduleObservation observed, Instant now) {
    ScheduleStatus status = Copies.deepCopy(schedule.getStatus(), ScheduleStatus.class);
    status = status == null ? new ScheduleStatus() : status;
    Long generation = schedule.getMetadata().getGeneration();
    status.observedGeneration = generation;
    ScheduleSpec spec = schedule.getSpec();
    List<Action> actions = new ArrayList<>();

    List<String> problems = ScheduleValidation.problems(schedule, observed);
    if (!problems.isEmpty()) {
      String message = String.join("; ", problems);
      if (status.phase != SchedulePhase.FailedValidation || !message.equals(status.message)) {
        actions.add(new Action.RecordEvent(EventType.Warning, "FailedValidation", message));
      }
      status.phase = SchedulePhase.FailedValidation;
      status.message = message;
      status.nextScheduleTime = null;
      Conditions.set(status.conditions, Conditions.READY, false, "FailedValidation", message, generation, now);
      return Decision.of(status, actions);
    }
    status.effectiveCron = observed.fireTimes().effectiveExpression();
    boolean cronJobMode = spec.modeOrDefault() == ScheduleSpec.ScheduleMode.CronJob;
    String cronJob = cronJobName(schedule.getMetadata().getName());
    if (cronJobMode && observed.cronJob() != CronJobState.CURRENT) {
      actions.add(new Action.EnsureCronJob(cronJob));
    } else if (!cronJobMode && observed.cronJob() != CronJobState.ABSENT) {
      actions.add(new Action.DeleteCronJob(cronJob));
    }

    if (spec.suspended()) {
      status.phase = SchedulePhase.Suspended;
      status.nextScheduleTime = null;
      status.nextDrillTime = null;
      status.message = "suspended: no runs until resumed";
      Conditions.set(status.conditions, Conditions.READY, true, "Suspended", status.message, generation, now);
    } else {
      status.phase = SchedulePhase.Enabled;
      actions.addAll(AutoRestore.actions(schedule, observed.autoRestores()));
      updatePvcs(status, observed);
      reportNamespacesWithoutRepository(schedule, status, observed, actions);
      if (!cronJobMode) {
        fireIfDue(schedule, observed, now, status, actions);
      } else {
        status.message = "runs fired by CronJob " + cronJob;
      }
      status.nextScheduleTime = observed.fireTimes().nextAfter(now).map(Instant::toString).orElse(null);
      updatePvcs(status, observed); // the drills read each claim's newest Ready Backup
      actions.addAll(ScheduleDrills.due(schedule, observed, status, now));
      Conditions.set(status.conditions, Conditions.READY, true, "Enabled",
          cronJobMode ? status.message : "next run " + status.nextScheduleTime, generation, now);
    }
    updatePvcs(status, observed); // again: a run's messages stay, entries of claims with nothing left drop out
    boolean runStarting = actions.stream().anyMatch(a -> a instanceof Action.CreateBackup);
    for (ScheduleRetention.Expired expired : runStarting ? List.<ScheduleRetention.Expired>of()
        : ScheduleRetention.expired(spec.retention, observed.backups(), observed.zone(), now)) {
      actions.add(new Action.DeleteBackup(expired.name()));
      actions.add(new Action.RecordEvent(EventType.Normal, "Expired", "Backup " + expired.name() + " of pvc "
          + expired.pvc() + ": " + expired.why()));
    }
    String next = status.nextDrillTime != null && (status.nextScheduleTime == null
        || Instant.parse(status.nextDrillTime).isBefore(Instant.parse(status.nextScheduleTime)))
        ? status.nextDrillTime : status.nextScheduleTime;
    Duration requeue = next == null ? null : Duration.between(now, Instant.parse(next));
    if (requeue != null) {
      requeue = requeue.compareTo(MAX_REQUEUE) > 0 ? MAX_REQUEUE : requeue.isNegative() ? Duration.ofSeconds(1) : requeue;
    }
    return Decision.of(status, actions).requeueAfter(requeue);
  }

  /** Namespaces the Schedule selects that have no Repository of its name: in status, and an Event when that changes. */
  private static void reportNamespacesWithoutRepository(Schedule schedule, ScheduleStatus status,
      ScheduleObservation observed, List<Action> actions) {
    List<String> missing = observed.namespacesWithoutRepository();
    if (!missing.equals(status.namespacesWithoutRepository) && !missing.isEmpty()) {
      actions.add(new Action.RecordEvent(EventType.Warning, "NoRepository", "namespace(s) " + String.join(", ", missing)
          + " have no Repository \"" + schedule.getSpec().repository + "\": their claims are not backed up until one"
          + " is created there"));
    }
    status.namespacesWithoutRepository = new ArrayList<>(missing);
  }

  /** Every problem of the spec, each naming its field; empty when the Schedule can run. */
  public static List<String> problems(Schedule schedule, ScheduleObservation observed) {
    return ScheduleValidation.problems(schedule, observed);
  }

  /**
   * One run now, as {@code schedule run} and {@code backup create --from-schedule} ask for it: the
   * same fan-out, Forbid and lock rules as a cron run, also on a suspended Schedule.
   */
  public static ScheduleRuns.Run runNow(Schedule schedule, ScheduleObservation observed, Instant now) {
    return ScheduleRuns.run(schedule, observed, now.truncatedTo(ChronoUnit.MILLIS), true);
  }

  /**
   * The run due now, if any: the latest fire time at or before now that is after the last run (or
   * missed run, or the Schedule's creation). Only the latest: missed fire times never pile up.
   */
  public static Optional<Instant> dueRun(Schedule schedule, FireTimes fireTimes, Instant now) {
    ScheduleStatus status = schedule.getStatus();
    Instant since = status == null ? latest(schedule.getMetadata().getCreationTimestamp())
        : latest(schedule.getMetadata().getCreationTimestamp(), status.lastScheduleTime, status.lastMissedTime);
    return fireTimes.latestAtOrBefore(now).filter(t -> since == null || t.isAfter(since));
  }

  private static void fireIfDue(Schedule schedule, ScheduleObservation observed, Instant now, ScheduleStatus status,
      List<Action> actions) {
    Optional<Instant> due = dueRun(schedule, observed.fireTimes(), now);
    if (due.isEmpty()) {
      return;
    }
    Long deadline = schedule.getSpec().startingDeadlineSeconds;
    if (deadline != null && now.isAfter(due.get().plusSeconds(deadline))) {
      status.lastMissedTime = due.get().toString();
      status.message = "missed the run of " + due.get() + ": found " + Duration.between(due.get(), now).toSeconds()
          + "s late, after startingDeadlineSeconds " + deadline;
      actions.add(new Action.RecordEvent(EventType.Warning, "MissedSchedule", status.message));
      return;
    }
    ScheduleRuns.Run run = ScheduleRuns.run(schedule, observed, due.get(), false);
    actions.addAll(run.actions());
    status.lastScheduleTime = due.get().toString();
    status.message = summary(schedule, observed, run);
    for (SchedulePvcStatus pvc : status.pvcs) {
      pvc.message = run.skipped().containsKey(pvc.pvc) ? "skipped the run of " + due.get() + ": " + run.skipped().get(pvc.pvc)
          : observed.pvcs().contains(pvc.pvc) ? null : "no longer exists or no longer matches: not backed up since "
              + Objects.requireNonNullElse(pvc.lastBackup, "never");
    }
    boolean nothingMatches = observed.pvcs().isEmpty();
    actions.add(new Action.RecordEvent(nothingMatches || !run.skipped().isEmpty() ? EventType.Warning : EventType.Normal,
        nothingMatches ? "NoMatchingPvcs" : "Scheduled", status.message));
    status.pvcs.stream().filter(p -> !observed.pvcs().contains(p.pvc) && p.message != null)
        .forEach(p -> actions.add(new Action.RecordEvent(EventType.Warning, "PvcGone", "pvc " + p.pvc + " " + p.message)));
  }

  private static String summary(Schedule schedule, ScheduleObservation observed, ScheduleRuns.Run run) {
    if (observed.pvcs().isEmpty()) {
      return "run of " + run.time() + ": " + (schedule.getSpec().pvc != null
          ? "pvc " + schedule.getSpec().pvc + " does not exist" : "no PVC matches the pvcSelector") + ", nothing backed up";
    }
    StringBuilder s = new StringBuilder("run of " + run.time() + ": " + run.created().size() + " Backup(s)");
    run.skipped().forEach((pvc, why) -> s.append("; skipped pvc ").append(pvc).append(": ").append(why));
    return s.toString();
  }

  /**
   * Per claim (existing ones, and gone ones that still have Backups): its newest Backup and result,
   * its newest Ready one. Idempotent, so it may run before and after a run's messages are set.
   */
  private static void updatePvcs(ScheduleStatus status, ScheduleObservation observed) {
    List<String> claims = new ArrayList<>(observed.pvcs());
    observed.backups().stream().map(ScheduledBackup::pvc).filter(p -> !claims.contains(p)).forEach(claims::add);
    Map<String, SchedulePvcStatus> old = new HashMap<>();
    status.pvcs.forEach(p -> old.put(p.pvc, p));
    List<SchedulePvcStatus> updated = new ArrayList<>();
    Instant lastSuccess = status.lastSuccessfulTime == null ? null : Instant.parse(status.lastSuccessfulTime);
    for (String claim : claims.stream().sorted().toList()) {
      SchedulePvcStatus entry = old.getOrDefault(claim, new SchedulePvcStatus(claim));
      List<ScheduledBackup> mine = observed.backups().stream().filter(b -> b.pvc().equals(claim) && !b.deleting())
          .sorted(Comparator.comparing(ScheduledBackup::time).reversed()).toList();
      if (!mine.isEmpty()) {
        entry.lastBackup = mine.get(0).name();
        // Unfinished phases are one result: every Backup phase change would otherwise be a Schedule write too.
        entry.result = mine.get(0).finished() ? mine.get(0).phase().name() : IN_PROGRESS;
      }
      ScheduledBackup ready = mine.stream().filter(b -> b.phase() == BackupPhase.Ready).findFirst().orElse(null);
      if (ready != null) {
        entry.lastSuccessfulBackup = ready.name();
        entry.lastSuccessfulTime = ready.completionTime() == null ? null : ready.completionTime().toString();
        if (ready.completionTime() != null && (lastSuccess == null || ready.completionTime().isAfter(lastSuccess))) {
          lastSuccess = ready.completionTime();
        }
      }
      updated.add(entry);
    }
    status.pvcs = updated;
    status.lastSuccessfulTime = lastSuccess == null ? null : lastSuccess.toString();
  }

  private static Instant latest(String... times) {
    Instant result = null;
    for (String t : times) {
      if (t != null && (result == null || Instant.parse(t).isAfter(result))) {
        result = Instant.parse(t);
      }
    }
    return result;
  }
}
