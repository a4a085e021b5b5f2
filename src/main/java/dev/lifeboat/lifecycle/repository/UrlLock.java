package dev.lifeboat.lifecycle.repository;

/**
 * The Lease of a Repository's restic URL, as observed: Repositories in several namespaces may share one URL, and
 * restic's exclusive lock (check, prune) is on the URL, so one of them at a time runs exclusive maintenance.
 *
 * @param namespace lifeboat's own namespace, where the Lease lives
 * @param lease its name ({@code lifeboat-url-<hash>})
 * @param holder who holds it ({@code Repository/ns/name}), or null when free
 * @param holderGone whether that holder is gone (deleted, or runs nothing exclusive for a while): it may be taken over
 */
public record UrlLock(String namespace, String lease, String holder, boolean holderGone) {
  /** Whether {@code me} may start exclusive work now (it holds the Lease). */
  boolean heldBy(String me) {
    return me.equals(holder);
  }

  /** Another live holder: exclusive work waits for it. */
  boolean busyFor(String me) {
    return holder != null && !holderGone && !me.equals(holder);
  }
}
