package dev.lifeboat.lifecycle.schedule;

import java.time.Instant;
import java.util.Optional;

/**
 * When a cron fires, as the lifecycle asks it (implemented outside the pure layer by a cron
 * library, in the schedule's time zone). Both answers are pure functions of their argument.
 */
public interface FireTimes {
  /** The newest fire time at or before {@code t}, if the cron fires at all before then. */
  Optional<Instant> latestAtOrBefore(Instant t);

  /** The first fire time strictly after {@code t}. */
  Optional<Instant> nextAfter(Instant t);

  /** The expression in effect, with @…-random macros resolved (for status and describe). */
  String effectiveExpression();
}
