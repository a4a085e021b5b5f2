package dev.lifeboat.lifecycle.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lifeboat.api.HibernateWindow;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two simulated weeks of "Mon-Fri 20:00-07:00" with an injected clock (a pass every 5 minutes),
 * across a change of the clocks: exactly one shutdown each weekday evening at 20:00 local time and
 * one wake-up each weekday morning at 07:00 (none on Saturday or Sunday), whatever the offset, and
 * everything back as it was after every wake-up.
 */
class HibernateTimeTravelTest {
  @ParameterizedTest(name = "{0} from {1}")
  @CsvSource({
      "Europe/Berlin, 2026-03-23", // spring forward on Sunday 2026-03-29
      "Europe/Berlin, 2026-10-19", // fall back on Sunday 2026-10-25
      "America/New_York, 2026-03-02", // spring forward on Sunday 2026-03-08
      "America/New_York, 2026-10-26", // fall back on Sunday 2026-11-01
  })
  void twoWeeksOfWeekdayNights(String zoneId, String monday) {
    ZoneId zone = ZoneId.of(zoneId);
    LocalDate start = LocalDate.parse(monday);
    Map<String, Integer> targets = new LinkedHashMap<>();
    targets.put("web", 3);
    targets.put("db", 1);
    HibernateWorld w = new HibernateWorld(zoneId, List.of(new HibernateWindow("20:00", "07:00",
        List.of("Mon", "Tue", "Wed", "Thu", "Fri"))), targets);
    Instant from = ZonedDateTime.of(start, LocalTime.NOON, zone).toInstant();
    Instant to = ZonedDateTime.of(start.plusDays(14), LocalTime.NOON, zone).toInstant();
    List<String> woken = new ArrayList<>();
    for (Instant t = from; !t.isAfter(to); t = t.plus(Duration.ofMinutes(5))) {
      var before = w.phase();
      w.settle(t);
      if (before != w.phase() && w.phase() == dev.lifeboat.api.HibernatePhase.Active && before != null) {
        woken.add(w.replicas.toString());
      }
    }
    assertEquals(expected(start, zone), w.transitions.stream()
        .filter(s -> s.startsWith("Hibernated@") || s.startsWith("Active@") && !s.equals("Active@" + from)).toList());
    assertEquals(10, woken.size());
    woken.forEach(r -> assertEquals("{web=3, db=1}", r, "after every wake-up"));
  }

  /** Computed from the calendar, not from the code under test. */
  private static List<String> expected(LocalDate monday, ZoneId zone) {
    List<String> out = new ArrayList<>();
    for (int day = 0; day < 14; day++) {
      LocalDate d = monday.plusDays(day);
      if (d.getDayOfWeek().getValue() <= DayOfWeek.FRIDAY.getValue()) {
        out.add("Hibernated@" + ZonedDateTime.of(d, LocalTime.of(20, 0), zone).toInstant());
        LocalDate wake = d.plusDays(d.getDayOfWeek() == DayOfWeek.FRIDAY ? 3 : 1);
        Instant wakeAt = ZonedDateTime.of(wake, LocalTime.of(7, 0), zone).toInstant();
        if (!wakeAt.isAfter(ZonedDateTime.of(monday.plusDays(14), LocalTime.NOON, zone).toInstant())) {
          out.add("Active@" + wakeAt);
        }
      }
    }
    return out;
  }
}
