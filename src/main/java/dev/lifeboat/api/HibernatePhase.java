package dev.lifeboat.api;

/**
 * Where a {@link HibernatePlan} is.
 *
 * <pre>
 *   Active ──► Hibernating ──► Hibernated ──► WakingUp ──► Active
 *   any ──► Suspended (spec.suspend)      any ──► Error (a target could not be handled)
 * </pre>
 */
public enum HibernatePhase {
  /** Inside working hours: targets run as usual. */
  Active,
  /** Shutting targets down, saving their restore data. */
  Hibernating,
  /** Inside an off-hours window: targets are down. */
  Hibernated,
  /** Bringing targets back from their restore data. */
  WakingUp,
  /** {@code spec.suspend} is true: nothing is touched. */
  Suspended,
  /** A target could not be shut down or woken; {@code status.message} says which. */
  Error
}
