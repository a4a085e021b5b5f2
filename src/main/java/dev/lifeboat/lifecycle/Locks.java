package dev.lifeboat.lifecycle;

import dev.lifeboat.api.BackupSource;

/**
 * Names of operation locks: one Lease per protected target. A target is a claim's name, or
 * {@code <kind>://<where>} for an application (a database, an OpenBao cluster), see
 * {@link BackupSource#target()}.
 */
public final class Locks {
  private Locks() {}

  /** {@code lifeboat-lock-<hash of namespace/pvc>}: valid for any claim name. */
  public static String leaseForPvc(String namespace, String pvc) {
    return JobNames.fit("lifeboat-lock-" + JobNames.fit(namespace + "-" + pvc, 40), 63);
  }

  /** The Lease of any target: a claim's as before, an application's {@code lifeboat-lock-app-<hash>}. */
  public static String leaseFor(String namespace, String target) {
    return isClaim(target) ? leaseForPvc(namespace, target)
        : "lifeboat-lock-app-" + JobNames.shortHash(namespace + "/" + target);
  }

  /** Whether the target is a claim (a PVC), not an application (postgres://..., openbao://...). */
  public static boolean isClaim(String target) {
    return target != null && !target.contains("://");
  }

  /** How messages name a target: "PersistentVolumeClaim x", "postgres://db:5432/app". */
  public static String describe(String target) {
    return isClaim(target) ? "PersistentVolumeClaim " + target : target;
  }

  /**
   * {@code lifeboat-url-<hash of the URL>}: the Lease (in lifeboat's own namespace) that one Repository of a restic
   * URL holds while its check or prune holds restic's exclusive lock, whichever namespace it is in.
   */
  public static String leaseForUrl(String url) {
    return "lifeboat-url-" + JobNames.shortHash(String.valueOf(url));
  }

  public static String holder(String kind, String namespace, String name) {
    return kind + "/" + namespace + "/" + name;
  }
}
