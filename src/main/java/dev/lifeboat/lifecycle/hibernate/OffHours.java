package dev.lifeboat.lifecycle.hibernate;

import dev.lifeboat.api.HibernateWindow;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.time.DateTimeException;

/**
 * A plan's off-hours as time: when targets sleep, and when that next changes.
 *
 * <p>Each window sleeps at {@code start} and wakes at {@code end} on its listed days (kube-green's
 * weekdays): one sleep lasts until the next {@code end} on a listed day, so {@code Mon-Fri
 * 20:00-07:00} is one sleep from Friday 20:00 to Monday 07:00. Sleeps of all windows are joined
 * where they overlap or touch ({@code Sat-Sun 00:00-24:00} is one sleep of 48 hours).
 *
 * <p>Times are wall-clock times in the plan's zone. A time inside a spring-forward gap happens at
 * the gap's length later (02:30 on a 02:00→03:00 night is 03:30, as java.time and cron-utils do); a
 * time repeated in the autumn happens at its first occurrence (the earlier offset).
 */
public final class OffHours {
  /** How far a sleep is followed when looking for its end: beyond this the next transition is "none". */
  private static final int HORIZON_DAYS = 15;

  private final ZoneId zone;
  private final List<Window> windows;

  private record Window(LocalTime start, LocalTime end, boolean endsAtMidnight, Set<DayOfWeek> days) {}

  /** One sleep: [from, to). */
  public record Sleep(Instant from, Instant to) {}

  /** The next change: at {@code at} the plan should become asleep ({@code toAsleep}) or awake. */
  public record Transition(Instant at, boolean toAsleep) {}

  private OffHours(ZoneId zone, List<Window> windows) {
    this.zone = zone;
    this.windows = windows;
  }

  /**
   * @throws IllegalArgumentException naming the window and the field, for an unknown zone, a time
   *     that is not HH:MM, an unknown day, or end = start
   */
  public static OffHours parse(String timeZone, List<HibernateWindow> windows) {
    ZoneId zone;
    try {
      zone = ZoneId.of(timeZone == null || timeZone.isBlank() ? "UTC" : timeZone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("schedule.timeZone: unknown time zone '" + timeZone
          + "' (use an IANA name such as Europe/Berlin or America/New_York)");
    }
    List<Window> parsed = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < windows.size(); i++) {
      HibernateWindow w = windows.get(i);
      String at = "schedule.offHours[" + i + "]";
      LocalTime start = time(w.start, at + ".start", false, problems);
      LocalTime end = time(w.end, at + ".end", true, problems);
      Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
      for (String day : w.days == null ? List.<String>of() : w.days) {
        DayOfWeek d = day(day);
        if (d == null) {
          problems.add(at + ".days: unknown day '" + day + "' (use Mon, Tue, Wed, Thu, Fri, Sat, Sun)");
        } else {
          days.add(d);
        }
      }
      if (days.isEmpty()) {
        days = EnumSet.allOf(DayOfWeek.class);
      }
      if (start != null && end != null && start.equals(end) && !"24:00".equals(w.end)) {
        problems.add(at + ": end " + w.end + " equals start: a window must have a length");
      }
      if (start != null && end != null) {
        parsed.add(new Window(start, end, "24:00".equals(w.end), days));
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new OffHours(zone, List.copyOf(parsed));
  }

  private static LocalTime time(String value, String field, boolean allowMidnightEnd, List<String> problems) {
    if (value != null && allowMidnightEnd && value.equals("24:00")) {
      return LocalTime.MIDNIGHT;
    }
    if (value == null || !value.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
      problems.add(field + ": '" + value + "' is not a time of day HH:MM (00:00.." + (allowMidnightEnd ? "24:00" : "23:59")
          + ")");
      return null;
    }
    return LocalTime.parse(value);
  }

  /** Mon, monday, MON → MONDAY; null for anything else. */
  public static DayOfWeek day(String text) {
    String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      if (t.length() >= 3 && d.name().startsWith(t) && (t.length() == 3 || t.equals(d.name()))) {
        return d;
      }
    }
    return null;
  }

  public ZoneId zone() {
    return zone;
  }

  public boolean isEmpty() {
    return windows.isEmpty();
  }

  /** Whether targets should sleep at {@code t}. */
  public boolean asleepAt(Instant t) {
    return sleepAt(t) != null;
  }

  /** The (joined) sleep that contains {@code t}, or null when awake. */
  public Sleep sleepAt(Instant t) {
    for (Sleep s : sleepsAround(t)) {
      if (!t.isBefore(s.from()) && t.isBefore(s.to())) {
        return s;
      }
    }
    return null;
  }

  /** The next time the plan should change state after {@code t}, or null if none within two weeks. */
  public Transition next(Instant t) {
    List<Sleep> sleeps = sleepsAround(t);
    Instant horizon = t.plus(Duration.ofDays(HORIZON_DAYS - 1));
    for (Sleep s : sleeps) {
      if (!t.isBefore(s.from()) && t.isBefore(s.to())) {
        return s.to().isAfter(horizon) ? null : new Transition(s.to(), false);
      }
      if (s.from().isAfter(t)) {
        return s.from().isAfter(horizon) ? null : new Transition(s.from(), true);
      }
    }
    return null;
  }

  /**
   * The first sleep to begin at or after {@code t} (a plan armed at {@code t} acts then, not in a window it was made
   * in), or null if none within two weeks.
   */
  public Instant nextSleepStart(Instant t) {
    Instant horizon = t.plus(Duration.ofDays(HORIZON_DAYS - 1));
    for (Sleep s : sleepsAround(t)) {
      if (!s.from().isBefore(t)) {
        return s.from().isAfter(horizon) ? null : s.from();
      }
    }
    return null;
  }

  /** Sleeps starting within a week before {@code t} up to the horizon after it, joined, in order. */
  List<Sleep> sleepsAround(Instant t) {
    LocalDate today = t.atZone(zone).toLocalDate();
    List<Sleep> raw = new ArrayList<>();
    for (LocalDate d = today.minusDays(8); !d.isAfter(today.plusDays(HORIZON_DAYS)); d = d.plusDays(1)) {
      for (Window w : windows) {
        if (w.days().contains(d.getDayOfWeek())) {
          raw.add(new Sleep(at(d, w.start()), end(d, w)));
        }
      }
    }
    raw.sort(Comparator.comparing(Sleep::from));
    List<Sleep> joined = new ArrayList<>();
    for (Sleep s : raw) {
      Sleep last = joined.isEmpty() ? null : joined.get(joined.size() - 1);
      if (last != null && !s.from().isAfter(last.to())) {
        joined.set(joined.size() - 1, new Sleep(last.from(), s.to().isAfter(last.to()) ? s.to() : last.to()));
      } else {
        joined.add(s);
      }
    }
    return joined;
  }

  /** The wake-up of a sleep that began on {@code day}: the first end on a listed day after the start. */
  private Instant end(LocalDate day, Window w) {
    if (w.endsAtMidnight()) {
      return at(day.plusDays(1), LocalTime.MIDNIGHT);
    }
    if (w.end().isAfter(w.start())) {
      return at(day, w.end());
    }
    LocalDate d = day.plusDays(1);
    while (!w.days().contains(d.getDayOfWeek())) {
      d = d.plusDays(1);
    }
    return at(d, w.end());
  }

  private Instant at(LocalDate day, LocalTime time) {
    // ZonedDateTime.of moves a time in a gap forward by the gap and picks the earlier offset in an overlap.
    return ZonedDateTime.of(day, time, zone).toInstant();
  }
}
