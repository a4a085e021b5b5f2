package dev.lifeboat.api;

/**
 * Where a {@link Drill} is.
 *
 * <pre>
 *   Pending ─► Restoring ─► Verifying ─► Succeeded   (scratch deleted)
 *      │           │            │
 *      └───────────┴────────────┴──► Failed          (scratch kept for spec.keepFailed, then deleted)
 * </pre>
 */
public enum DrillPhase {
  /** Accepted: the Backup is being chosen and checked. */
  Pending,
  /** The scratch claim is made and the Backup restored into it (restic restore --verify re-reads every file). */
  Restoring,
  /** The verify command runs against the scratch. */
  Verifying,
  /** Restored and verified; status.rtoSeconds says how long it took. Terminal. */
  Succeeded,
  /** The Backup did not come back; status.message says why in the tool's words. Terminal. */
  Failed;

  public boolean isTerminal() {
    return this == Succeeded || this == Failed;
  }
}
