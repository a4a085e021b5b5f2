package dev.lifeboat.cli.repository;

import dev.lifeboat.api.BackupSpec;
import dev.lifeboat.api.MaintenanceSpec;
import dev.lifeboat.api.MaintenanceTask;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.lifecycle.repository.MaintenanceRequest;
import dev.lifeboat.schedule.CronSchedule;
import picocli.CommandLine.Option;
import dev.lifeboat.cli.Validation;

/** {@code repository create}'s maintenance, deletion and import flags, checked before anything is written. */
final class MaintenanceOptions {
  @Option(names = "--check-cron", paramLabel = "CRON", description = "When to run restic check (default @weekly-random).")
  String checkCron;

  @Option(names = "--read-data-subset", paramLabel = "SUBSET",
      description = "Scheduled checks also read this part of the data back: 5%%, 1/10 or 500M.")
  String readDataSubset;

  @Option(names = "--prune-cron", paramLabel = "CRON", description = "When to run restic prune (default @weekly-random).")
  String pruneCron;

  @Option(names = "--max-unused", paramLabel = "LIMIT", description = "prune's --max-unused: 5%%, 1G or unlimited.")
  String maxUnused;

  @Option(names = "--verify-cron", paramLabel = "CRON",
      description = "When to compare snapshots with Backups (default @daily-random).")
  String verifyCron;

  @Option(names = "--maintenance-time-zone", paramLabel = "ZONE", description = "IANA zone of the crons (default UTC).")
  String timeZone;

  @Option(names = "--no-maintenance", description = "No scheduled maintenance (check, prune, verify still run on request).")
  boolean suspend;

  @Option(names = "--deletion-policy", paramLabel = "POLICY", defaultValue = "retain",
      description = "retain: deleting the Repository leaves its data (default); delete: a Job removes the data first.")
  String deletionPolicy;

  @Option(names = "--import", description = "After each verify, create Backups for snapshots no Backup claims"
      + " (disaster recovery: as 'repository import --namespace-from-host').")
  boolean importSnapshots;

  /** The spec's maintenance, or null for all defaults; usage errors name the flag. */
  MaintenanceSpec toSpec(String seed) {
    MaintenanceSpec spec = new MaintenanceSpec();
    boolean any = false;
    if (checkCron != null || readDataSubset != null) {
      spec.check = new MaintenanceSpec.Check();
      spec.check.cron = checkCron;
      spec.check.readDataSubset = checked(MaintenanceTask.check, "readDataSubset", readDataSubset);
      any = true;
    }
    if (pruneCron != null || maxUnused != null) {
      spec.prune = new MaintenanceSpec.Prune();
      spec.prune.cron = pruneCron;
      spec.prune.maxUnused = checked(MaintenanceTask.prune, "maxUnused", maxUnused);
      any = true;
    }
    if (verifyCron != null) {
      spec.verify = new MaintenanceSpec.Verify();
      spec.verify.cron = verifyCron;
      any = true;
    }
    if (timeZone != null) {
      spec.timeZone = timeZone;
      any = true;
    }
    if (suspend) {
      spec.suspend = true;
      any = true;
    }
    cron("--check-cron", checkCron, seed);
    cron("--prune-cron", pruneCron, seed);
    cron("--verify-cron", verifyCron, seed);
    try {
      CronSchedule.zone(timeZone);
    } catch (IllegalArgumentException e) {
      throw UserException.usage("--maintenance-time-zone: " + e.getMessage().replaceFirst("^timeZone: ", ""));
    }
    return any ? spec : null;
  }

  BackupSpec.DeletionPolicy deletionPolicy() {
    return Validation.deletionPolicy(deletionPolicy);
  }

  private static String checked(MaintenanceTask task, String key, String value) {
    if (value == null) {
      return null;
    }
    String problem = MaintenanceRequest.optionProblem(task, key, value);
    if (problem != null) {
      throw UserException.usage(problem);
    }
    return value;
  }

  private static void cron(String flag, String cron, String seed) {
    if (cron == null) {
      return;
    }
    try {
      CronSchedule.parse(cron, null, seed);
    } catch (IllegalArgumentException e) {
      throw UserException.usage(flag + ": " + e.getMessage().replaceFirst("^cron: ", ""));
    }
  }
}
