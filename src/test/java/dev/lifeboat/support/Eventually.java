package dev.lifeboat.support;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for a condition with a deadline (checking it every few milliseconds), never for a fixed time. */
public final class Eventually {
  private Eventually() {}

  public static void await(Duration deadline, String what, Supplier<Boolean> condition) {
    await(deadline, what, condition, () -> "");
  }

  /** @param state what the failure message adds about where things stood (an object's status message) */
  public static void await(Duration deadline, String what, Supplier<Boolean> condition, Supplier<String> state) {
    long end = System.nanoTime() + deadline.toNanos();
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
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what);
      }
    }
  }
}
