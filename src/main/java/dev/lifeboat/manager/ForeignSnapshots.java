package dev.lifeboat.manager;

import dev.lifeboat.lifecycle.repository.SnapshotInfo;
import java.util.Objects;

/**
 * Several namespaces' Repositories may share one URL; lifeboat writes each namespace's snapshots with restic's host
 * set to the namespace. A namespace verifies, imports and restores only its own: another's snapshot ID, however it
 * was learnt, is refused as if it were not there for that namespace (its ID is said, its content is not).
 */
final class ForeignSnapshots {
  private ForeignSnapshots() {}

  /** Why the snapshot is not the namespace's ({@code host}; null: any namespace's will do), or null. */
  static String problem(SnapshotInfo snapshot, String host) {
    if (host == null || Objects.equals(host, snapshot.hostname())) {
      return null;
    }
    return "snapshot " + snapshot.shortId() + " was not made by namespace " + host + " (its restic host is another):"
        + " a namespace verifies, imports and restores only its own snapshots; an"
        + " administrator imports another namespace's from a Repository with spec.allNamespaces in lifeboat's own"
        + " namespace";
  }
}
