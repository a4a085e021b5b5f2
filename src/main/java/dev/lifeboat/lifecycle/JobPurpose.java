package dev.lifeboat.lifecycle;

/** What a Job does for the resource that owns it; also the suffix of its deterministic name. */
public enum JobPurpose {
  REPOSITORY_INIT("init"),
  BACKUP("backup"),
  VERIFY("verify"),
  RESTORE("restore"),
  /** Checks that a restore's snapshot exists, before anything is stopped. */
  SNAPSHOT_CHECK("check"),
  PRUNE("prune"),
  /** Forgets the snapshots of deleted Backups, a batch per Job, one Job per repository at a time. */
  FORGET("forget"),
  /** A Schedule's CronJob run (mode CronJob): {@code backup create --from-schedule --wait}. */
  SCHEDULE_RUN("run"),
  /** A HibernatePlan's cloud target shut down or woken ({@code hibernate-manager}), with that target's credentials. */
  HIBERNATE("hibernate"),
  /** A Repository's check, prune, verify or unlock ({@code backup-manager maintain --task T}). */
  MAINTENANCE("maintenance"),
  /** Removes a Repository's data before the object goes (deletionPolicy Delete). */
  DELETE_DATA("delete-data"),
  /** Lists, adds or removes a Repository's keys ({@code repository key ...}: the CLI creates and reads it). */
  KEY("key"),
  /** A Drill's verify command, run against its scratch claim once the restore is done. */
  DRILL_VERIFY("drill-verify"),
  /** A PostgreSQL Backup's drill: scratch database, restore, check query ({@code backup-manager drill-postgres}). */
  DRILL_RESTORE("drill-restore"),
  /** Drops a failed PostgreSQL drill's kept scratch database. */
  DRILL_CLEANUP("drill-cleanup");

  private final String suffix;

  JobPurpose(String suffix) {
    this.suffix = suffix;
  }

  public String suffix() {
    return suffix;
  }
}
