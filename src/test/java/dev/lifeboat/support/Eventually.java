package dev.lifeboat.support;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline, never for a fixed time. It looks again after 10 ms, then a little later each
 * time, up to every 100 ms: most conditions hold within milliseconds, and a wait of seconds (a Job, a restic run)
 * then costs some 50 looks instead of hundreds (each a request to the sandbox's server, on the suite's two cores).
 */
public final class Eventually {
  private static final long FIRST_PAUSE_MILLIS = 10;
  private static final long LONGEST_PAUSE_MILLIS = 100;

  private Eventually() {}

  public static void await(Duration deadline, String what, Supplier<Boolean> condition) {
    await(deadline, what, condition, () -> "");
  }

  /** @param state what the failure message adds about where things stood (an object's status message) */
  public static void await(Duration deadline, String what, Supplier<Boolean> condition, Supplier<String> state) {
    long end = System.nanoTime() + deadline.toNanos();
    long pause = FIRST_PAUSE_MILLIS;
    while (true) {
      Boolean ok;
      try {
        ok = condition.get();
      } catch (RuntimeException e) {
        ok = false;
      }
      if (Boolean.TRUE.equals(ok)) {
        return;
      }
      if (System.nanoTime() > end) {
        String where;
        try {
          where = state.get();
        } catch (RuntimeException e) {
          where = "(could not read: " + e + ")";
        }
        throw new AssertionError("timed out after " + deadline.toSeconds() + "s waiting for " + what
            + (where == null || where.isEmpty() ? "" : "; " + where));
      }
      try {
        Thread.sleep(pause);
        pause = Math.min(LONGEST_PAUSE_MILLIS, pause * 3 / 2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }
}
