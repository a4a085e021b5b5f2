package dev.lifeboat.lifecycle.schedule;

import dev.lifeboat.api.Drill;
import dev.lifeboat.api.DrillSpec;
import dev.lifeboat.api.Durations;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.api.ScheduleSpec;
import dev.lifeboat.api.ScheduleStatus;
import dev.lifeboat.api.SchedulePvcStatus;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Action.EventType;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.drill.DrillChecks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * A Schedule's restore drills ({@code spec.drill.cron}): at each fire time, one Drill per covered claim of the newest
 * Ready Backup the Schedule made of it. As with runs, only the latest missed fire time counts, and a Drill's name
 * carries its fire time, so a pass repeated after a crash creates none twice.
 *
 * <pre>
 *   drill fire time due (after lastDrillTime, or the Schedule's creation)
 *     ──► per claim with a Ready Backup: create Drill &lt;schedule&gt;-&lt;claim&gt;-&lt;fire time&gt;; lastDrillTime = fire time
 * </pre>
 */
public final class ScheduleDrills {
  /** How many finished Drills of each claim a Schedule keeps (the newest Succeeded one is kept besides). */
  public static final int KEEP = 3;

  private ScheduleDrills() {}

  /** A Drill the Schedule made: its claim, when it was created, whether it ended and how. */
  public record Made(String name, String pvc, Instant created, boolean finished, boolean succeeded) {}

  /**
   * The Schedule's finished Drills beyond the newest {@link #KEEP} of each claim, except the newest Succeeded one (the
   * report's and the metrics' last good drill): deleted, with their scratch if any was kept.
   */
  static List<Action> expired(List<Made> drills) {
    List<Action> actions = new ArrayList<>();
    java.util.Map<String, List<Made>> byClaim = new java.util.TreeMap<>();
    drills.forEach(d -> byClaim.computeIfAbsent(String.valueOf(d.pvc()), k -> new ArrayList<>()).add(d));
    for (List<Made> mine : byClaim.values()) {
      List<Made> newestFirst = mine.stream().sorted(java.util.Comparator.comparing(Made::created).reversed()).toList();
      Made lastGood = newestFirst.stream().filter(Made::succeeded).findFirst().orElse(null);
      newestFirst.stream().skip(KEEP).filter(Made::finished).filter(d -> d != lastGood)
          .forEach(d -> actions.add(new Action.DeleteDrill(d.name())));
    }
    return actions;
  }

  static List<String> problems(ScheduleSpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec.drill != null) {
      if (spec.source != null) {
        problems.add("drill: drills restore claims so far; a Schedule of an application source cannot drill");
      }
      DrillSpec probe = new DrillSpec();
      probe.backup = "probe";
      probe.verifyCommand = spec.drill.verifyCommand;
      probe.keepFailed = spec.drill.keepFailed;
      DrillChecks.problems(probe).forEach(p -> problems.add(p.replace("spec.", "drill.")));
    }
    if (spec.rpo != null) {
      try {
        if (Durations.parse(spec.rpo).isZero()) {
          problems.add("rpo: \"" + spec.rpo + "\" is zero: give the backups time, e.g. 36h");
        }
      } catch (IllegalArgumentException e) {
        problems.add("rpo: \"" + spec.rpo + "\" is no duration: use e.g. 36h or 90m");
      }
    }
    return problems;
  }

  public static String drillName(String schedule, String claim, Instant fireTime) {
    return JobNames.fit(JobNames.fit(schedule, 100) + "-" + JobNames.fit(claim, 100), 200) + "-"
        + fireTime.getEpochSecond();
  }

  /** The Drills due now (none without spec.drill), with lastDrillTime and nextDrillTime set in {@code status}. */
  static List<Action> due(Schedule schedule, ScheduleObservation observed, ScheduleStatus status, Instant now) {
    List<Action> actions = new ArrayList<>();
    FireTimes times = observed.drillFireTimes();
    if (schedule.getSpec().drill == null || times == null) {
      status.lastDrillTime = schedule.getSpec().drill == null ? null : status.lastDrillTime;
      status.nextDrillTime = null;
      return actions;
    }
    Instant since = latest(schedule.getMetadata().getCreationTimestamp(), status.lastDrillTime);
    Optional<Instant> due = times.latestAtOrBefore(now).filter(t -> since == null || t.isAfter(since));
    if (due.isPresent()) {
      List<String> drilled = new ArrayList<>();
      for (SchedulePvcStatus pvc : status.pvcs) {
        if (pvc.lastSuccessfulBackup == null) {
          continue; // nothing to drill yet
        }
        String[] claim = pvc.pvc.contains("/") ? pvc.pvc.split("/", 2)
            : new String[] {schedule.getMetadata().getNamespace(), pvc.pvc};
        String backup = pvc.lastSuccessfulBackup.contains("/") ? pvc.lastSuccessfulBackup.split("/", 2)[1]
            : pvc.lastSuccessfulBackup;
        actions.add(new Action.CreateDrill(drill(schedule, claim[0], claim[1], backup, due.get())));
        drilled.add(pvc.pvc);
      }
      status.lastDrillTime = due.get().toString();
      actions.add(new Action.RecordEvent(drilled.isEmpty() ? EventType.Warning : EventType.Normal, "DrillScheduled",
          drilled.isEmpty() ? "drill of " + due.get() + ": no claim has a Ready Backup yet, nothing to drill"
              : "drill of " + due.get() + ": " + drilled.size() + " Drill(s), of " + String.join(", ", drilled)));
    }
    status.nextDrillTime = times.nextAfter(now).map(Instant::toString).orElse(null);
    actions.addAll(expired(observed.drills()));
    return actions;
  }

  private static Drill drill(Schedule schedule, String namespace, String claim, String backup, Instant fireTime) {
    Drill d = new Drill();
    d.getMetadata().setName(drillName(schedule.getMetadata().getName(), claim, fireTime));
    d.getMetadata().setNamespace(namespace);
    var labels = new LinkedHashMap<String, String>();
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    labels.put(Labels.SCHEDULE, JobNames.labelValue(schedule.getMetadata().getName()));
    labels.put(Labels.PVC, JobNames.labelValue(claim));
    d.getMetadata().setLabels(labels);
    DrillSpec spec = new DrillSpec();
    spec.backup = backup;
    spec.verifyCommand = schedule.getSpec().drill.verifyCommand;
    spec.keepFailed = schedule.getSpec().drill.keepFailed;
    d.setSpec(spec);
    return d;
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
