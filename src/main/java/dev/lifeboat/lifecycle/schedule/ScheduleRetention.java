package dev.lifeboat.lifecycle.schedule;

import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.RetentionPolicy;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Schedule's retention: its complete Ready Backups, per claim, go through restic's keep-* rules (times in
 * the schedule's zone, so "daily" means the schedule's days); the ones not kept expire, and so do
 * failed runs (Failed, or Ready but incomplete: restic could not read some files) older than the newest kept one. An
 * incomplete Backup never takes the place of a complete one. Nothing expires while a run is unfinished.
 */
public final class ScheduleRetention {
  private ScheduleRetention() {}

  /** An expired Backup and the plan's word for it. */
  public record Expired(String name, String pvc, String why) {}

  /** The plan per claim, for {@code schedule describe}: kept Backups with reasons, and what would go. */
  public static RetentionPlan plan(RetentionPolicy policy, List<ScheduledBackup> backups, ZoneId zone, Instant now) {
    List<Snapshot> ready = backups.stream()
        .filter(b -> b.complete() && !b.deleting())
        .map(b -> new Snapshot(b.name(), OffsetDateTime.ofInstant(b.time(), zone), "", List.of(b.pvc()), List.of(), b))
        .toList();
    return RetentionPlanner.plan(ready, RetentionPlanner.rules(policy), new GroupBy(false, true, false), now);
  }

  public static List<Expired> expired(RetentionPolicy policy, List<ScheduledBackup> backups, ZoneId zone, Instant now) {
    if (policy == null || policy.empty() || backups.stream().anyMatch(b -> !b.finished() && !b.deleting())) {
      return List.of();
    }
    RetentionPlan plan = plan(policy, backups, zone, now);
    List<Expired> result = new ArrayList<>();
    plan.removed().forEach(s -> {
      ScheduledBackup b = (ScheduledBackup) s.source();
      result.add(new Expired(b.name(), b.pvc(), "not kept by the retention policy"));
    });
    Map<String, Instant> newestKept = plan.kept().stream().map(k -> (ScheduledBackup) k.snapshot().source())
        .collect(Collectors.toMap(ScheduledBackup::pvc, ScheduledBackup::time, (a, b) -> a.isAfter(b) ? a : b));
    Set<String> already = result.stream().map(Expired::name).collect(Collectors.toSet());
    backups.stream()
        .filter(b -> b.failedRun() && !b.deleting() && !already.contains(b.name()))
        .filter(b -> newestKept.containsKey(b.pvc()) && b.time().isBefore(newestKept.get(b.pvc())))
        .sorted(Comparator.comparing(ScheduledBackup::time))
        .forEach(b -> result.add(new Expired(b.name(), b.pvc(), (b.phase() == BackupPhase.Failed ? "failed"
            : "incomplete (some files could not be read)") + ", and older than the newest kept Backup")));
    return result;
  }
}
