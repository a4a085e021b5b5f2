package dev.lifeboat.api;

/** Label, annotation and finalizer names that lifeboat puts on the objects it manages. */
public final class Labels {
  public static final String GROUP = "lifeboat.dev";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_VALUE = "lifeboat";
  public static final String COMPONENT = "app.kubernetes.io/component";
  /** Kind of the lifeboat resource a Job or Pod works for, e.g. {@code Backup}. */
  public static final String OWNER_KIND = "lifeboat.dev/owner-kind";
  /** Name of the lifeboat resource a Job or Pod works for. */
  public static final String OWNER_NAME = "lifeboat.dev/owner-name";
  /** What the Job does for its owner: backup, init, restore, prune. */
  public static final String PURPOSE = "lifeboat.dev/purpose";
  public static final String IN_USE_FINALIZER = "lifeboat.dev/in-use";
  /** On an object that holds (or may hold) an operation lock, so its deletion releases the lock first. */
  public static final String LOCK_CLEANUP_FINALIZER = "lifeboat.dev/restore-cleanup";

  private Labels() {}
}
