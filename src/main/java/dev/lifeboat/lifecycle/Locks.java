package dev.lifeboat.lifecycle;

/** Names of operation locks: one Lease per protected target. */
public final class Locks {
  private Locks() {}

  /** {@code lifeboat-lock-<hash of namespace/pvc>}: valid for any claim name. */
  public static String leaseForPvc(String namespace, String pvc) {
    return JobNames.fit("lifeboat-lock-" + JobNames.fit(namespace + "-" + pvc, 40), 63);
  }

  public static String holder(String kind, String namespace, String name) {
    return kind + "/" + namespace + "/" + name;
  }
}
