package dev.lifeboat.api;

/**
 * A Repository's maintenance tasks. Each runs as one Job at a time per repository; the exclusive
 * ones hold restic's exclusive lock, so they never start while a backup, restore or forget of the
 * repository runs, and new backups wait for them.
 */
public enum MaintenanceTask {
  /** {@code restic check [--read-data-subset]}: finds damage; sets condition Healthy. */
  check(true),
  /** {@code restic prune}: reclaims the space of forgotten snapshots; size before and after in status. */
  prune(true),
  /** Lists restic's snapshots once and compares them with the Backups that claim them. */
  verify(false),
  /** Removes stale locks: restic's own, and those of pods that no longer exist. */
  unlock(false);

  private final boolean exclusive;

  MaintenanceTask(boolean exclusive) {
    this.exclusive = exclusive;
  }

  /** Whether restic holds an exclusive lock for it (backups cannot run beside it). */
  public boolean exclusive() {
    return exclusive;
  }

  /** The task of that name, or null. */
  public static MaintenanceTask parse(String name) {
    for (MaintenanceTask task : values()) {
      if (task.name().equals(name)) {
        return task;
      }
    }
    return null;
  }
}
