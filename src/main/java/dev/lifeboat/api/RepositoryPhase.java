package dev.lifeboat.api;

/**
 * Where a {@link Repository} is in its lifecycle.
 *
 * <pre>
 *   Unknown ──► Initializing ──► Ready
 *                    │
 *                    └────────► Failed   (a spec change starts over at Unknown)
 * </pre>
 */
public enum RepositoryPhase {
  /** Just created or its spec changed: nobody has looked at the repository yet. */
  Unknown,
  /** The init Job is probing the repository and running {@code restic init} if allowed. */
  Initializing,
  /** The repository exists and opens with the configured password: backups may start. */
  Ready,
  /** The repository could not be opened or created; {@code status.message} says why. */
  Failed
}
