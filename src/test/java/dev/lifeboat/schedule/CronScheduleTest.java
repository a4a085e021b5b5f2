package dev.lifeboat.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Fire times in a zone, across both daylight-saving changes of Berlin and New York, forwards and backwards alike. */
class CronScheduleTest {
  /** Fire times after {@code from}, as local times with offsets. */
  private static List<String> forward(CronSchedule cron, String from, int n) {
    List<String> times = new ArrayList<>();
    Instant t = Instant.parse(from);
    for (int i = 0; i < n; i++) {
      t = cron.nextAfter(t).orElseThrow();
      times.add(ZonedDateTime.ofInstant(t, cron.zone()).toOffsetDateTime().toString());
    }
    return times;
  }

  /** The same fire times found walking back from the end: both directions must agree. */
  private static List<String> backward(CronSchedule cron, String from, int n) {
    List<String> forwardTimes = forward(cron, from, n);
    Instant t = ZonedDateTime.parse(forwardTimes.get(n - 1)).toInstant();
    List<String> times = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      times.add(0, ZonedDateTime.ofInstant(t, cron.zone()).toOffsetDateTime().toString());
      t = cron.latestAtOrBefore(t.minusSeconds(1)).orElseThrow();
    }
    return times;
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // spring forward: 02:30 does not exist that night; it fires once at 03:30 (shifted by the gap)
      "30 2 * * *|Europe/Berlin|2026-03-27T12:00:00Z|2026-03-28T02:30+01:00 2026-03-29T03:30+02:00 2026-03-30T02:30+02:00",
      "30 2 * * *|America/New_York|2026-03-06T12:00:00Z|2026-03-07T02:30-05:00 2026-03-08T03:30-04:00 2026-03-09T02:30-04:00",
      // fall back: 02:30 (Berlin) and 01:30 (New York) happen twice; each fires once, at the first
      "30 2 * * *|Europe/Berlin|2026-10-23T12:00:00Z|2026-10-24T02:30+02:00 2026-10-25T02:30+02:00 2026-10-26T02:30+01:00",
      "30 1 * * *|America/New_York|2026-10-30T12:00:00Z|2026-10-31T01:30-04:00 2026-11-01T01:30-04:00 2026-11-02T01:30-05:00",
      // an hourly cron loses the repeated hour's second pass and runs once per wall-clock hour
      "0 * * * *|Europe/Berlin|2026-10-24T23:30:00Z|2026-10-25T02:00+02:00 2026-10-25T03:00+01:00 2026-10-25T04:00+01:00",
      // ...and in the gap the skipped 02:00 collapses onto 03:00
      "0 * * * *|Europe/Berlin|2026-03-29T00:30:00Z|2026-03-29T03:00+02:00 2026-03-29T04:00+02:00 2026-03-29T05:00+02:00",
      "@weekly|UTC|2026-11-24T12:00:00Z|2026-11-29T00:00Z 2026-12-06T00:00Z 2026-12-13T00:00Z",
      "0 12 1 * *|Asia/Kolkata|2026-11-24T12:00:00Z|2026-12-01T12:00+05:30 2027-01-01T12:00+05:30 2027-02-01T12:00+05:30"})
  void fireTimesAcrossClockChanges(String expression, String zone, String from, String expected) {
    CronSchedule cron = CronSchedule.parse(expression, zone, "ns/name");
    List<String> want = List.of(expected.split(" "));
    assertEquals(want, forward(cron, from, want.size()));
    assertEquals(want, backward(cron, from, want.size()));
  }

  @Test
  void latestAtOrBeforeIncludesAnExactFireTime() {
    CronSchedule cron = CronSchedule.parse("*/5 * * * *", "UTC", "x");
    Instant t = Instant.parse("2026-11-24T10:05:00Z");
    assertEquals(t, cron.latestAtOrBefore(t).orElseThrow());
    assertEquals(Instant.parse("2026-11-24T10:00:00Z"), cron.latestAtOrBefore(t.minusSeconds(1)).orElseThrow());
    assertEquals(Instant.parse("2026-11-24T10:10:00Z"), cron.nextAfter(t).orElseThrow());
    assertEquals(Instant.parse("2026-11-24T10:00:00Z"), cron.latestAtOrBefore(Instant.parse("2026-11-24T10:04:59.600Z"))
        .orElseThrow(), "never a fire time still in the future, even by a fraction of a second");
  }

  @Test
  void randomMacrosAreStablePerScheduleAndSpreadAcrossSchedules() {
    assertEquals(CronSchedule.parse("@daily-random", null, "team-a/nightly").effectiveExpression(),
        CronSchedule.parse("@daily-random", null, "team-a/nightly").effectiveExpression());
    Set<String> times = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      String e = CronSchedule.parse("@daily-random", null, "ns/schedule-" + i).effectiveExpression();
      assertTrue(e.matches("\\d{1,2} \\d{1,2} \\* \\* \\*"), e);
      times.add(e);
    }
    assertTrue(times.size() > 300, "500 schedules share only " + times.size() + " times of day");
    assertTrue(CronSchedule.parse("@weekly-random", null, "a/b").effectiveExpression().matches("\\d+ \\d+ \\* \\* [0-6]"));
    assertTrue(CronSchedule.parse("@monthly-random", null, "a/b").effectiveExpression().matches("\\d+ \\d+ \\d+ \\* \\*"));
    assertTrue(CronSchedule.parse("@hourly-random", null, "a/b").effectiveExpression().matches("\\d+ \\* \\* \\* \\*"));
    assertNotEquals(CronSchedule.parse("@hourly-random", null, "a/b").effectiveExpression(),
        CronSchedule.parse("@hourly-random", null, "a/c").effectiveExpression() + "x");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "61 * * * *|UTC|cron: '61 * * * *' is not a valid cron expression",
      "* * * *|UTC|cron: '* * * *' is not a valid cron expression",
      "@sometimes-random|UTC|cron: unknown macro '@sometimes-random'",
      "@daily|Mars/Olympus|timeZone: 'Mars/Olympus' is not an IANA time zone name",
      "' '|UTC|cron: empty"})
  void badInputNamesTheField(String expression, String zone, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CronSchedule.parse(expression, zone, "a/b"));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }
}
