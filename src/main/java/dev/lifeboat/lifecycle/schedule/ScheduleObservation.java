package dev.lifeboat.lifecycle.schedule;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * What the Schedule lifecycle needs of the world.
 *
 * @param fireTimes the cron in the schedule's zone; null when {@code problems} says why it could not be read
 * @param problems what is wrong with the spec beyond the cron's own parse (each names its field)
 * @param pvcs the claims this schedule backs up that exist now (not terminating), sorted
 * @param backups every Backup this Schedule made that still exists
 * @param lockHolders claim → the restore holding its operation lock, for the claims in {@code pvcs}
 * @param cronJob state of the CronJob {@code <schedule>-backup}
 * @param autoRestores the claims in {@code pvcs} as auto-restore sees them (empty without spec.autoRestore)
 * @param namespacesWithoutRepository with namespaceSelector: the selected namespaces that have no Repository of
 *     spec.repository, sorted (in {@code pvcs}, {@code backups} and {@code lockHolders} a claim is then
 *     {@code namespace/claim}, a Backup {@code namespace/name})
 * @param drillFireTimes spec.drill.cron in the schedule's zone; null without spec.drill (or when it could not be read)
 * @param drills the Drills this Schedule made (in its namespace) that still exist
 */
public record ScheduleObservation(FireTimes fireTimes, ZoneId zone, List<String> problems, boolean repositoryExists,
    List<String> pvcs, List<ScheduledBackup> backups, Map<String, String> lockHolders, CronJobState cronJob,
    List<AutoRestore.Candidate> autoRestores, List<String> namespacesWithoutRepository, FireTimes drillFireTimes,
    List<ScheduleDrills.Made> drills) {
  public ScheduleObservation {
    drills = drills == null ? List.of() : List.copyOf(drills);
    problems = List.copyOf(problems);
    pvcs = List.copyOf(pvcs);
    backups = List.copyOf(backups);
    lockHolders = Map.copyOf(lockHolders);
    autoRestores = List.copyOf(autoRestores);
    namespacesWithoutRepository = namespacesWithoutRepository == null ? List.of() : List.copyOf(namespacesWithoutRepository);
  }

  public ScheduleObservation(FireTimes fireTimes, ZoneId zone, List<String> problems, boolean repositoryExists,
      List<String> pvcs, List<ScheduledBackup> backups, Map<String, String> lockHolders, CronJobState cronJob,
      List<AutoRestore.Candidate> autoRestores, List<String> namespacesWithoutRepository) {
    this(fireTimes, zone, problems, repositoryExists, pvcs, backups, lockHolders, cronJob, autoRestores,
        namespacesWithoutRepository, null, List.of());
  }

  public ScheduleObservation(FireTimes fireTimes, ZoneId zone, List<String> problems, boolean repositoryExists,
      List<String> pvcs, List<ScheduledBackup> backups, Map<String, String> lockHolders, CronJobState cronJob,
      List<AutoRestore.Candidate> autoRestores) {
    this(fireTimes, zone, problems, repositoryExists, pvcs, backups, lockHolders, cronJob, autoRestores, List.of());
  }

  public ScheduleObservation(FireTimes fireTimes, ZoneId zone, List<String> problems, boolean repositoryExists,
      List<String> pvcs, List<ScheduledBackup> backups, Map<String, String> lockHolders, CronJobState cronJob) {
    this(fireTimes, zone, problems, repositoryExists, pvcs, backups, lockHolders, cronJob, List.of());
  }

  public enum CronJobState {
    ABSENT,
    /** Exists and matches what the engine would write. */
    CURRENT,
    /** Exists with another spec (the Schedule changed). */
    OUTDATED
  }
}
