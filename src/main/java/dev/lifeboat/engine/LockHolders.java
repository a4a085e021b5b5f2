package dev.lifeboat.engine;

import dev.lifeboat.lifecycle.Locks;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;

/** Who holds a claim's operation lock, as the lifecycles need to know it. */
public final class LockHolders {
  private LockHolders() {}

  /**
   * The holder of the lock on claim {@code pvc}, or null when free. A holder that is a Restore which
   * no longer exists (confirmed with the server) counts as no holder: nothing will ever release it.
   */
  public static String of(ReconcileContext ctx, String ns, String pvc) {
    if (pvc == null) {
      return null;
    }
    Lease lease = ctx.current(Lease.class, ns, Locks.leaseFor(ns, pvc));
    String holder = lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    if (holder == null || holder.isEmpty()) {
      return null;
    }
    String[] parts = holder.split("/", 3);
    if (parts.length == 3 && parts[0].equals("Restore") && ctx.cache().restore(parts[1], parts[2]) == null
        && ctx.live().restore(parts[1], parts[2]) == null) {
      return null;
    }
    return holder;
  }
}
