package dev.lifeboat.api;

/**
 * Where a {@link Schedule} is.
 *
 * <pre>
 *   Enabled ◄──► Suspended        (spec.suspend)
 *   any ──► FailedValidation      (bad cron or template; fixed by a spec change)
 * </pre>
 */
public enum SchedulePhase {
  /** Creates Backups on its cron schedule. */
  Enabled,
  /** {@code spec.suspend} is true: creates nothing. */
  Suspended,
  /** The cron expression or template is invalid; {@code status.message} says which. */
  FailedValidation
}
