package dev.lifeboat.api;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * kubectl-style durations (90s, 10m, 1h30m), for specs and flags alike. A bare number is refused, as Go and kubectl
 * refuse it: "10" could mean seconds or minutes, and a guess here cuts a restore short or waits ten times too long.
 */
public final class Durations {
  /** What a spec field accepts (the CRD checks it too). */
  public static final String PATTERN = "^([0-9]+h)?([0-9]+m)?([0-9]+s)?$";
  /** How long one Job of a Backup or Restore may run when spec.timeout is not set. */
  public static final Duration DEFAULT_JOB_TIMEOUT = Duration.ofHours(4);
  /**
   * How long a Job's pod may take to start (be placed, get its volumes, pull its image) when spec.startTimeout is not
   * set: a pod that cannot start waits in Kubernetes forever, and 4 h is too long to hear of it.
   */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(10);
  private static final Pattern PART = Pattern.compile("(\\d+)(h|m|s|ms)");

  private Durations() {}

  /** @throws IllegalArgumentException naming the value and the accepted forms */
  public static Duration parse(String value) {
    String v = value == null ? "" : value.trim();
    if (v.matches("\\d+")) {
      throw new IllegalArgumentException(v + " has no unit: " + v + "s, " + v + "m or " + v + "h?");
    }
    Matcher m = PART.matcher(v);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "h" -> Duration.ofHours(n);
        case "m" -> Duration.ofMinutes(n);
        case "s" -> Duration.ofSeconds(n);
        default -> Duration.ofMillis(n);
      });
      end = m.end();
    }
    if (end != v.length() || v.isEmpty()) {
      throw new IllegalArgumentException("'" + value + "' is not a duration: use e.g. 90s, 10m or 1h30m");
    }
    return total;
  }

  /** Why a spec.timeout value cannot be used, naming the field and the fix; null when it is fine (or unset). */
  public static String timeoutProblem(String timeout) {
    return timeoutProblem("spec.timeout", timeout);
  }

  /** The same for any duration field ({@code spec.startTimeout}). */
  public static String timeoutProblem(String field, String timeout) {
    if (timeout == null || timeout.isBlank()) {
      return null;
    }
    try {
      return parse(timeout).isZero() ? field + " \"" + timeout + "\" is zero: give the Jobs time, e.g. 30m or 2h" : null;
    } catch (IllegalArgumentException e) {
      return field + " \"" + timeout + "\" is not a duration: use e.g. 90s, 30m or 2h";
    }
  }

  /** A spec.startTimeout (null: the default of 10 minutes). */
  public static Duration startTimeout(String startTimeout) {
    return startTimeout == null || startTimeout.isBlank() ? DEFAULT_START_TIMEOUT : parse(startTimeout);
  }

  /** A Job's activeDeadlineSeconds for a spec.timeout (null: the default); at least one second. */
  public static long jobDeadlineSeconds(String timeout) {
    Duration d = timeout == null || timeout.isBlank() ? DEFAULT_JOB_TIMEOUT : parse(timeout);
    return Math.max(1, d.toSeconds());
  }

  /** The form a spec field stores: 1h30m, 90s. */
  public static String format(Duration d) {
    long s = d.toSeconds();
    StringBuilder out = new StringBuilder();
    if (s >= 3600) {
      out.append(s / 3600).append('h');
    }
    if (s % 3600 >= 60) {
      out.append(s % 3600 / 60).append('m');
    }
    if (s % 60 > 0 || out.length() == 0) {
      out.append(s % 60).append('s');
    }
    return out.toString();
  }
}
