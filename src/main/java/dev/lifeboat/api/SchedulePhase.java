package dev.lifeboat.api;

/**
 * Where a {@link Schedule} is.
 *
 * <pre>
 *   Enabled ◄──► Suspended        (spec.suspend)
 *   any ──► FailedValidation      (bad cron, time zone, source or retention, missing repository;
 *                                  left when the spec is fixed or the repository appears)
 * </pre>
 */
public enum SchedulePhase {
  /** Creates Backups on its cron schedule. */
  Enabled,
  /** {@code spec.suspend} is true: creates nothing. */
  Suspended,
  /** Something in the spec is wrong or missing; {@code status.message} lists every problem. */
  FailedValidation
}
