package dev.lifeboat.lifecycle.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.HibernateWindow;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OffHoursTest {
  private static final List<String> WEEKDAYS = List.of("Mon", "Tue", "Wed", "Thu", "Fri");

  private static Instant at(String local, String zone) {
    return LocalDateTime.parse(local).atZone(ZoneId.of(zone)).toInstant();
  }

  @Test
  void aWeekdayNightWindowSleepsFromFridayEveningToMondayMorningInOneGo() {
    OffHours h = OffHours.parse("UTC", List.of(new HibernateWindow("20:00", "07:00", WEEKDAYS)));
    // 2026-12-04 is a Friday.
    assertFalse(h.asleepAt(at("2026-12-04T19:59", "UTC")));
    assertTrue(h.asleepAt(at("2026-12-04T20:00", "UTC")));
    assertTrue(h.asleepAt(at("2026-12-05T12:00", "UTC")), "Saturday");
    assertTrue(h.asleepAt(at("2026-12-07T06:59", "UTC")), "Monday morning");
    assertFalse(h.asleepAt(at("2026-12-07T07:00", "UTC")));
    assertEquals(new OffHours.Transition(at("2026-12-07T07:00", "UTC"), false), h.next(at("2026-12-04T20:30", "UTC")));
    assertEquals(new OffHours.Transition(at("2026-12-08T07:00", "UTC"), false), h.next(at("2026-12-07T21:00", "UTC")),
        "Monday night ends Tuesday morning");
  }

  @Test
  void touchingWindowsAreOneSleep() {
    OffHours h = OffHours.parse("UTC", List.of(new HibernateWindow("20:00", "07:00", WEEKDAYS),
        new HibernateWindow("00:00", "24:00", List.of("Sat", "Sun"))));
    assertEquals(new OffHours.Transition(at("2026-12-07T07:00", "UTC"), false), h.next(at("2026-12-04T20:00", "UTC")));
    OffHours weekend = OffHours.parse("UTC", List.of(new HibernateWindow("00:00", "24:00", List.of("Sat", "Sun"))));
    assertEquals(new OffHours.Sleep(at("2026-12-05T00:00", "UTC"), at("2026-12-07T00:00", "UTC")),
        weekend.sleepAt(at("2026-12-05T23:59", "UTC")), "48 hours, not two sleeps of 24");
  }

  @Test
  void noDaysMeansEveryDayAndASameDayWindowEndsThatDay() {
    OffHours nightly = OffHours.parse("UTC", List.of(new HibernateWindow("22:00", "06:00", List.of())));
    assertEquals(new OffHours.Sleep(at("2026-12-01T22:00", "UTC"), at("2026-12-02T06:00", "UTC")),
        nightly.sleepAt(at("2026-12-01T23:00", "UTC")));
    OffHours lunch = OffHours.parse("UTC", List.of(new HibernateWindow("12:00", "13:00", List.of("Wed"))));
    assertEquals(new OffHours.Transition(at("2026-12-02T12:00", "UTC"), true), lunch.next(at("2026-11-30T08:00", "UTC")));
    assertEquals(new OffHours.Transition(at("2026-12-02T13:00", "UTC"), false), lunch.next(at("2026-12-02T12:00", "UTC")));
  }

  @Test
  void withoutWindowsThereIsNoTransitionAndAnEndlessSleepHasNoEnd() {
    assertEquals(null, OffHours.parse("UTC", List.of()).next(at("2026-12-01T00:00", "UTC")));
    OffHours always = OffHours.parse("UTC", List.of(new HibernateWindow("00:00", "24:00", List.of())));
    assertTrue(always.asleepAt(at("2026-12-01T00:00", "UTC")));
    assertEquals(null, always.next(at("2026-12-01T00:00", "UTC")));
  }

  /** Wall-clock times on the nights the clocks change: a start in the gap moves forward by it, a repeated time happens once. */
  @ParameterizedTest
  @CsvSource({
      // zone, window, instant inside, expected sleep from (UTC), to (UTC)
      "Europe/Berlin, 02:30-06:00, 2026-03-29T03:45:00Z, 2026-03-29T01:30:00Z, 2026-03-29T04:00:00Z",
      "Europe/Berlin, 02:30-06:00, 2026-10-25T02:00:00Z, 2026-10-25T00:30:00Z, 2026-10-25T05:00:00Z",
      "America/New_York, 02:30-06:00, 2026-03-08T08:00:00Z, 2026-03-08T07:30:00Z, 2026-03-08T10:00:00Z",
      "America/New_York, 01:30-02:30, 2026-11-01T06:00:00Z, 2026-11-01T05:30:00Z, 2026-11-01T07:30:00Z",
  })
  void clockChanges(String zone, String window, String inside, String from, String to) {
    String[] times = window.split("-");
    OffHours h = OffHours.parse(zone, List.of(new HibernateWindow(times[0], times[1], List.of())));
    assertEquals(new OffHours.Sleep(Instant.parse(from), Instant.parse(to)), h.sleepAt(Instant.parse(inside)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "UTC | 20:00 | 20:00 | Mon | schedule.offHours[0]: end 20:00 equals start",
      "UTC | 25:00 | 07:00 | Mon | schedule.offHours[0].start: '25:00' is not a time of day",
      "UTC | 20:00 | 07:00 | Funday | schedule.offHours[0].days: unknown day 'Funday'",
      "Mars/Olympus | 20:00 | 07:00 | Mon | schedule.timeZone: unknown time zone 'Mars/Olympus'",
  })
  void badWindowsAreNamedWithTheirField(String zone, String start, String end, String day, String message) {
    var e = assertThrows(IllegalArgumentException.class,
        () -> OffHours.parse(zone, List.of(new HibernateWindow(start, end, List.of(day)))));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }
}
