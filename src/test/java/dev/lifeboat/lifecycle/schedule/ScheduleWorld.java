package dev.lifeboat.lifecycle.schedule;

import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.RetentionPolicy;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.api.ScheduleSpec;
import dev.lifeboat.api.ScheduleStatus;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.schedule.CronSchedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny world for the Schedule lifecycle: a Schedule, its claims and Backups, and a pass that
 * applies a decision the way the engine would (status stored, Backups created or deleted).
 */
final class ScheduleWorld {
  final Schedule schedule = new Schedule();
  final List<String> pvcs = new ArrayList<>(List.of("a", "b", "c"));
  final Map<String, ScheduledBackup> backups = new LinkedHashMap<>();
  final Map<String, String> locks = new LinkedHashMap<>();
  boolean repositoryExists = true;
  ScheduleObservation.CronJobState cronJob = ScheduleObservation.CronJobState.ABSENT;
  final List<Action> actions = new ArrayList<>();

  ScheduleWorld(String cron, String zone, String created) {
    schedule.getMetadata().setName("nightly");
    schedule.getMetadata().setNamespace("prod");
    schedule.getMetadata().setUid("uid-1");
    schedule.getMetadata().setGeneration(1L);
    schedule.getMetadata().setCreationTimestamp(created);
    ScheduleSpec spec = new ScheduleSpec();
    spec.cron = cron;
    spec.timeZone = zone;
    spec.repository = "repo";
    spec.pvcSelector = new io.fabric8.kubernetes.api.model.LabelSelector(null, Map.of("backup", "yes"));
    schedule.setSpec(spec);
  }

  ScheduleWorld retention(java.util.function.Consumer<RetentionPolicy> set) {
    schedule.getSpec().retention = new RetentionPolicy();
    set.accept(schedule.getSpec().retention);
    return this;
  }

  ScheduleObservation observation() {
    CronSchedule cron = null;
    List<String> problems = new ArrayList<>();
    try {
      cron = CronSchedule.parse(schedule.getSpec().cron, schedule.getSpec().timeZone, "prod/nightly");
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    return new ScheduleObservation(cron, cron == null ? java.time.ZoneOffset.UTC : cron.zone(), problems,
        repositoryExists, pvcs, List.copyOf(backups.values()), locks, cronJob);
  }

  /** One reconcile at {@code now}: the decision applied; returns it. */
  Decision<ScheduleStatus> pass(Instant now) {
    Decision<ScheduleStatus> d = ScheduleLifecycle.decide(schedule, observation(), now);
    apply(d.actions(), now);
    schedule.setStatus(d.status());
    return d;
  }

  void apply(List<Action> list, Instant now) {
    actions.addAll(list);
    for (Action a : list) {
      if (a instanceof Action.CreateBackup c) {
        var b = c.backup();
        backups.put(b.getMetadata().getName(), new ScheduledBackup(b.getMetadata().getName(), b.getSpec().source.pvc,
            null, Instant.parse(b.getMetadata().getAnnotations().get(dev.lifeboat.api.Labels.SCHEDULED_TIME)), null,
            null, false));
      } else if (a instanceof Action.DeleteBackup d) {
        backups.remove(d.name());
      }
    }
  }

  /** Every Backup finishes, Ready with a snapshot (or Failed), completed at {@code at}. */
  void finishAll(BackupPhase phase, Instant at) {
    backups.replaceAll((name, b) -> b.finished() ? b : new ScheduledBackup(b.name(), b.pvc(), phase, b.time(), at,
        phase == BackupPhase.Ready ? "snap-" + name : null, false));
  }

  List<String> created() {
    return actions.stream().filter(a -> a instanceof Action.CreateBackup).map(a -> ((Action.CreateBackup) a).backup()
        .getMetadata().getName()).toList();
  }

  List<String> events(String reason) {
    return actions.stream().filter(a -> a instanceof Action.RecordEvent e && e.reason().equals(reason))
        .map(a -> ((Action.RecordEvent) a).message()).toList();
  }
}
