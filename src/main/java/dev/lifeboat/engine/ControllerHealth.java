package dev.lifeboat.engine;

import java.util.function.BooleanSupplier;

/**
 * What /healthz and /readyz answer. Alive while the process runs. Ready when the caches are synced
 * (with leader election: while leading, with synced caches, or while standing by), and never again
 * once the leader Lease was lost (the process is about to exit: another replica acts now).
 */
public final class ControllerHealth {
  private final boolean leaderElection;
  private final BooleanSupplier cachesSynced;
  private volatile boolean leading;
  private volatile boolean lost;

  public ControllerHealth(boolean leaderElection, BooleanSupplier cachesSynced) {
    this.leaderElection = leaderElection;
    this.cachesSynced = cachesSynced;
  }

  public void startedLeading() {
    leading = true;
  }

  public void lostLease() {
    leading = false;
    lost = true;
  }

  public boolean leading() {
    return !leaderElection || leading;
  }

  /** Why not ready, or null when ready. */
  public String notReady() {
    if (lost) {
      return "lost the leader Lease";
    }
    if (leaderElection && !leading) {
      return null; // standing by: ready to take over
    }
    return cachesSynced.getAsBoolean() ? null : "caches not synced yet";
  }
}
