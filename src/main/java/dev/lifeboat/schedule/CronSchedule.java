package dev.lifeboat.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.lifeboat.lifecycle.schedule.FireTimes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.Locale;

/**
 * A schedule's cron in its time zone, evaluated by cron-utils (Unix 5-field syntax). Besides the
 * usual macros, {@code @hourly-random}, {@code @daily-random}, {@code @weekly-random} and
 * {@code @monthly-random} pick a minute (hour, weekday, day of month) from a hash of the
 * schedule's namespace/name: stable for one schedule, spread across many (K8up's idea), so 500
 * nightly schedules do not all start at 02:00.
 *
 * <p>cron-utils finds the wall-clock times the expression names; this class maps them to instants
 * in the zone, each once: a wall time skipped by the spring change fires shifted forward by the gap
 * (02:30 becomes 03:30, so a nightly backup is not lost), a wall time repeated by the autumn change
 * fires at its first occurrence only (so it does not run twice). docs/schedules.md; tested for
 * Europe/Berlin and America/New_York across both changes.
 */
public final class CronSchedule implements FireTimes {
  private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final Map<String, String> MACROS = Map.of(
      "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0",
      "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");

  /** More than any daylight-saving or zone shift: the search window around a wall-clock time. */
  private static final Duration MAX_SHIFT = Duration.ofHours(3);

  private final String expression;
  private final ExecutionTime execution;
  private final ZoneId zone;

  private CronSchedule(String expression, ExecutionTime execution, ZoneId zone) {
    this.expression = expression;
    this.execution = execution;
    this.zone = zone;
  }

  /**
   * @param seed namespace/name of the schedule, for the @…-random macros
   * @throws IllegalArgumentException naming the field (cron or timeZone) and what is wrong
   */
  public static CronSchedule parse(String cron, String timeZone, String seed) {
    ZoneId zone = zone(timeZone);
    if (cron == null || cron.isBlank()) {
      throw new IllegalArgumentException("cron: empty; use 5 fields (minute hour day-of-month month day-of-week)"
          + " or a macro such as @daily or @daily-random");
    }
    String expression = expand(cron.trim(), seed);
    try {
      Cron parsed = PARSER.parse(expression).validate();
      return new CronSchedule(expression, ExecutionTime.forCron(parsed), zone);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cron: '" + cron + "' is not a valid cron expression (" + e.getMessage()
          + "); use 5 fields (minute hour day-of-month month day-of-week), e.g. '30 2 * * *', or @hourly, @daily,"
          + " @weekly, @monthly, @daily-random");
    }
  }

  /** The IANA zone; {@code null} or empty is UTC. */
  public static ZoneId zone(String timeZone) {
    if (timeZone == null || timeZone.isEmpty()) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("timeZone: '" + timeZone + "' is not an IANA time zone name"
          + " (e.g. Europe/Berlin, America/New_York, UTC)");
    }
  }

  private static String expand(String cron, String seed) {
    String lower = cron.toLowerCase(Locale.ROOT);
    if (MACROS.containsKey(lower)) {
      return MACROS.get(lower);
    }
    if (!lower.startsWith("@") || !lower.endsWith("-random")) {
      return cron;
    }
    int[] r = hash(seed);
    int minute = r[0] % 60;
    int hour = r[1] % 24;
    return switch (lower) {
      case "@hourly-random" -> minute + " * * * *";
      case "@daily-random" -> minute + " " + hour + " * * *";
      case "@weekly-random" -> minute + " " + hour + " * * " + r[2] % 7;
      case "@monthly-random" -> minute + " " + hour + " " + (1 + r[3] % 28) + " * *";
      default -> throw new IllegalArgumentException("cron: unknown macro '" + cron
          + "'; the random ones are @hourly-random, @daily-random, @weekly-random, @monthly-random");
    };
  }

  private static int[] hash(String seed) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
      return new int[] {d[0] & 0xff, d[1] & 0xff, d[2] & 0xff, d[3] & 0xff};
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Optional<Instant> latestAtOrBefore(Instant t) {
    // lastExecution is strictly before its argument: one second past t (to the second) includes t itself.
    LocalDateTime justAfter = LocalDateTime.ofInstant(t, zone).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    Optional<ZonedDateTime> direct = execution.lastExecution(asWall(justAfter));
    ZoneOffsetTransition change = zone.getRules().previousTransition(t.plus(MAX_SHIFT));
    if (direct.isEmpty() || change == null
        || change.getInstant().isBefore(instantOf(direct.get().toLocalDateTime()).minus(MAX_SHIFT))) {
      return direct.map(w -> instantOf(w.toLocalDateTime())); // no clock change near: wall time maps 1:1
    }
    // Walk wall-clock fire times backwards from a little after t's wall clock; a gap can move a
    // wall time's instant forward by up to MAX_SHIFT, so keep looking that far past the best one.
    LocalDateTime wall = LocalDateTime.ofInstant(t, zone).plus(MAX_SHIFT).plusSeconds(1);
    Instant best = null;
    for (Optional<ZonedDateTime> w = execution.lastExecution(asWall(wall)); w.isPresent();
         w = execution.lastExecution(w.get())) {
      LocalDateTime candidate = w.get().toLocalDateTime();
      if (best != null && candidate.isBefore(LocalDateTime.ofInstant(best, zone).minus(MAX_SHIFT))) {
        break;
      }
      Instant instant = instantOf(candidate);
      if (!instant.isAfter(t) && (best == null || instant.isAfter(best))) {
        best = instant;
      }
    }
    return Optional.ofNullable(best);
  }

  @Override
  public Optional<Instant> nextAfter(Instant t) {
    Optional<ZonedDateTime> direct = execution.nextExecution(asWall(LocalDateTime.ofInstant(t, zone)));
    ZoneOffsetTransition change = zone.getRules().nextTransition(t.minus(MAX_SHIFT));
    if (direct.isEmpty() || change == null
        || change.getInstant().isAfter(instantOf(direct.get().toLocalDateTime()).plus(MAX_SHIFT))) {
      return direct.map(w -> instantOf(w.toLocalDateTime()));
    }
    LocalDateTime wall = LocalDateTime.ofInstant(t, zone).minus(MAX_SHIFT).minusSeconds(1);
    Instant best = null;
    for (Optional<ZonedDateTime> w = execution.nextExecution(asWall(wall)); w.isPresent();
         w = execution.nextExecution(w.get())) {
      LocalDateTime candidate = w.get().toLocalDateTime();
      if (best != null && candidate.isAfter(LocalDateTime.ofInstant(best, zone).plus(MAX_SHIFT))) {
        break;
      }
      Instant instant = instantOf(candidate);
      if (instant.isAfter(t) && (best == null || instant.isBefore(best))) {
        best = instant;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The instant a wall-clock fire time stands for: in a spring-forward gap, shifted forward by the
   * gap's length (02:30 becomes 03:30); in an autumn repeat, the first occurrence only.
   */
  private Instant instantOf(LocalDateTime wall) {
    return ZonedDateTime.ofLocal(wall, zone, null).toInstant();
  }

  /** cron-utils evaluates the expression on the wall clock, as if it were UTC: DST is ours to map. */
  private static ZonedDateTime asWall(LocalDateTime wall) {
    return wall.atZone(ZoneOffset.UTC);
  }

  @Override
  public String effectiveExpression() {
    return expression;
  }

  public ZoneId zone() {
    return zone;
  }
}
