package dev.lifeboat.engine;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What /healthz and /readyz answer. Alive while every worker runs (one that died of an Error, an
 * OutOfMemoryError say, fails /healthz: the kubelet restarts the pod). Ready when the caches are synced
 * (with leader election: while leading, with synced caches, or while standing by), and never again
 * once the leader Lease was lost (the process is about to exit: another replica acts now).
 */
public final class ControllerHealth {
  private final boolean leaderElection;
  private final BooleanSupplier cachesSynced;
  private final Supplier<String> whyDead;
  private volatile boolean leading;
  private volatile boolean lost;

  /** @param whyDead why the controller can no longer work, or null while it can */
  public ControllerHealth(boolean leaderElection, BooleanSupplier cachesSynced, Supplier<String> whyDead) {
    this.leaderElection = leaderElection;
    this.cachesSynced = cachesSynced;
    this.whyDead = whyDead;
  }

  /** Why not alive, or null when alive. */
  public String notAlive() {
    return whyDead.get();
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
    if (notAlive() != null) {
      return notAlive();
    }
    if (leaderElection && !leading) {
      return null; // standing by: ready to take over
    }
    return cachesSynced.getAsBoolean() ? null : "caches not synced yet";
  }
}
