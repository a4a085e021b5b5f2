package dev.lifeboat.lifecycle.repository;

import dev.lifeboat.api.MaintenanceTask;
import dev.lifeboat.lifecycle.JobView;
import dev.lifeboat.lifecycle.schedule.FireTimes;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the engine observed for a Ready Repository's maintenance.
 *
 * @param fireTimes each task's cron, parsed (empty when scheduled maintenance is suspended)
 * @param scheduleProblem why a cron or time zone could not be parsed (names the field), or null
 * @param runningJob the Job of {@code status.running}, or null when it does not exist (confirmed)
 * @param busyWith an active backup, restore or forget Job of a Repository with this one's URL (any namespace), or null
 * @param inventory the snapshots the finished verify Job listed, or null when none is at hand
 * @param claims the Backups claiming snapshots of this repository (read with {@code inventory} only)
 * @param sameUrl namespace → the Repository there with this one's URL (read with {@code inventory}; for import)
 * @param takenNames existing Backups as namespace/name in those namespaces (read with {@code inventory}; for import)
 * @param urlLock the Lease of the URL, which exclusive maintenance must hold first; null: no coordination beyond this
 *     object (a test of one repository)
 */
public record MaintenanceObservation(Map<MaintenanceTask, FireTimes> fireTimes, String scheduleProblem,
    JobView runningJob, String busyWith, List<SnapshotInfo> inventory, List<SnapshotClaim> claims,
    Map<String, String> sameUrl, Set<String> takenNames, UrlLock urlLock) {

  public MaintenanceObservation(Map<MaintenanceTask, FireTimes> fireTimes, String scheduleProblem, JobView runningJob,
      String busyWith, List<SnapshotInfo> inventory, List<SnapshotClaim> claims, Map<String, String> sameUrl,
      Set<String> takenNames) {
    this(fireTimes, scheduleProblem, runningJob, busyWith, inventory, claims, sameUrl, takenNames, null);
  }

  public MaintenanceObservation(Map<MaintenanceTask, FireTimes> fireTimes, String scheduleProblem, JobView runningJob,
      String busyWith, List<SnapshotInfo> inventory, List<SnapshotClaim> claims) {
    this(fireTimes, scheduleProblem, runningJob, busyWith, inventory, claims, Map.of(), Set.of());
  }

  /** Nothing running, nothing scheduled: what a Repository without maintenance looks like. */
  public static MaintenanceObservation none() {
    return new MaintenanceObservation(Map.of(), null, null, null, null, List.of());
  }
}
