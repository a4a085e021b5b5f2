package dev.lifeboat.api;

/** Label, annotation and finalizer names that lifeboat puts on the objects it manages. */
public final class Labels {
  public static final String GROUP = "lifeboat.dev";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  /** On a Backup's temporary claim (copyMethod Snapshot or Clone): the claim it copies. No Schedule selects it. */
  public static final String COPY_OF = "lifeboat.dev/copy-of";
  /** Pod annotations of hooks for Backups of the claims a pod mounts: {@code pre.hook.backup.lifeboat.dev/command}. */
  public static final String PRE_HOOK_PREFIX = "pre.hook.backup.lifeboat.dev/";
  public static final String POST_HOOK_PREFIX = "post.hook.backup.lifeboat.dev/";
  public static final String MANAGED_BY_VALUE = "lifeboat";
  public static final String COMPONENT = "app.kubernetes.io/component";
  /** Kind of the lifeboat resource a Job or Pod works for, e.g. {@code Backup}. */
  public static final String OWNER_KIND = "lifeboat.dev/owner-kind";
  /** Name of the lifeboat resource a Job or Pod works for. */
  public static final String OWNER_NAME = "lifeboat.dev/owner-name";
  /** What the Job does for its owner: backup, init, restore, prune. */
  public static final String PURPOSE = "lifeboat.dev/purpose";
  /** On a scheduled Backup: the Schedule that created it. */
  public static final String SCHEDULE = "lifeboat.dev/schedule";
  /** On a Backup a Schedule of another namespace made (namespaceSelector): that Schedule's namespace. */
  public static final String SCHEDULE_NAMESPACE = "lifeboat.dev/schedule-namespace";
  /** On a Drill's Restore: the Drill. */
  public static final String DRILL = "lifeboat.dev/drill";
  /** On a scheduled Backup: the PVC it backs up (Backups of a Schedule are grouped by it for retention). */
  public static final String PVC = "lifeboat.dev/pvc";
  /** On a scheduled Backup: the fire time of its run (RFC 3339); retention buckets by it. */
  public static final String SCHEDULED_TIME = "lifeboat.dev/scheduled-time";
  /** On a Job: more objects waiting on it ("Backup/a,Backup/b"), woken when it changes (a forget Job's batch). */
  public static final String WAKE = "lifeboat.dev/wake";
  /** On a forget Job: the snapshot IDs it forgets, comma-separated. */
  public static final String SNAPSHOTS = "lifeboat.dev/snapshots";
  /** On a Job that opens a restic repository: the Repository's name (maintenance waits for these to end). */
  public static final String REPOSITORY = "lifeboat.dev/repository";
  /** On a cache claim: the claim whose backups keep restic's cache in it (so it is never selected for a backup). */
  public static final String CACHE_OF = "lifeboat.dev/cache-of";
  /** On a Job: the cache claim it mounts (one running Job per cache claim: restic 0.14's cache has one writer). */
  public static final String CACHE_CLAIM = "lifeboat.dev/cache-claim";
  /** On a Repository whose deletionPolicy is Delete: its data is removed before the object goes. */
  public static final String DELETE_DATA_FINALIZER = "lifeboat.dev/delete-data";
  /** On a Backup whose deletionPolicy is Delete: its snapshot is forgotten before the object goes. */
  public static final String FORGET_FINALIZER = "lifeboat.dev/forget";
  /**
   * On a Backup whose pre hooks may have run and whose post hooks have not: a deletion runs them (a freeze is thawed)
   * and deletes the copy before the object goes.
   */
  public static final String HOOKS_FINALIZER = "lifeboat.dev/post-hooks";
  /** On an object that holds (or may hold) an operation lock, so its deletion releases the lock first. */
  public static final String LOCK_CLEANUP_FINALIZER = "lifeboat.dev/restore-cleanup";

  /** On a HibernatePlan: {@code now} or {@code wake}, an on-demand override of its off-hours until {@link #HIBERNATE_UNTIL}. */
  public static final String HIBERNATE = "lifeboat.dev/hibernate";
  /** On a HibernatePlan: when the on-demand override ends (RFC 3339); the off-hours decide again from then. */
  public static final String HIBERNATE_UNTIL = "lifeboat.dev/hibernate-until";
  /** On a hibernate data ConfigMap: prefix of the per-target "woken in this cycle" marks. */
  public static final String RESTORED_MARK_PREFIX = "lifeboat.dev/restored-";

  /** On a hibernate-manager Job: which step of which plan's target and cycle it is an attempt at. */
  public static final String HIBERNATE_STEP = "lifeboat.dev/hibernate-step";

  private Labels() {}

  /** A claim lifeboat made for itself (a point-in-time copy, a drill's scratch, a cache): never a backup source. */
  public static boolean lifeboatOwnClaim(java.util.Map<String, String> labels) {
    return labels != null && (labels.containsKey(COPY_OF) || labels.containsKey(CACHE_OF));
  }
}
