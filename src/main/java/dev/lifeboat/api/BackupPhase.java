package dev.lifeboat.api;

/**
 * Where a {@link Backup} is in its lifecycle.
 *
 * <pre>
 *   Pending ──► (Copying) ──► Running ──► Completed ──► Ready
 *      │            │             │            │
 *      └────────────┴─────────────┴────────────┴──────► Failed
 * </pre>
 */
public enum BackupPhase {
  /** Accepted; waiting for its Repository to be Ready (and, later, for operation locks). */
  Pending,
  /**
   * Pre hooks, then the point-in-time copy (a VolumeSnapshot, a clone), then post hooks: only with hooks or a copy
   * method other than Direct.
   */
  Copying,
  /** The backup Job exists and has not finished. */
  Running,
  /** The Job succeeded but its snapshot has not been confirmed in the repository yet. */
  Completed,
  /** The snapshot is confirmed in the repository: it can be restored. Terminal. */
  Ready,
  /** The backup cannot or did not produce a snapshot; {@code status.message} says why. Terminal. */
  Failed;

  public boolean isTerminal() {
    return this == Ready || this == Failed;
  }
}
