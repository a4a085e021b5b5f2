package dev.lifeboat.lifecycle.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lifeboat.api.BackupPhase;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Weeks of a Schedule with an injected clock: a controller that looks every few minutes, Backups
 * that finish at once. The runs must be exactly the cron's fire times, across daylight-saving
 * changes, and an outage must end in one run, not a storm.
 */
class ScheduleTimeTravelTest {
  /** Runs (lastScheduleTime values, as local times) seen by a controller that looks every {@code step}. */
  private static List<String> runs(ScheduleWorld w, Instant from, Instant to, Duration step) {
    List<String> runs = new ArrayList<>();
    ZoneId zone = w.observation().zone();
    for (Instant t = from; t.isBefore(to); t = t.plus(step)) {
      String before = w.schedule.getStatus() == null ? null : w.schedule.getStatus().lastScheduleTime;
      w.pass(t);
      w.finishAll(BackupPhase.Ready, t);
      String after = w.schedule.getStatus().lastScheduleTime;
      if (after != null && !after.equals(before)) {
        runs.add(ZonedDateTime.ofInstant(Instant.parse(after), zone).toOffsetDateTime().toString());
      }
    }
    return runs;
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "0 2 * * *|Europe/Berlin|2026-03-27T12:00:00Z|2026-03-31T12:00:00Z|"
          + "2026-03-28T02:00+01:00 2026-03-29T03:00+02:00 2026-03-30T02:00+02:00 2026-03-31T02:00+02:00",
      "30 2 * * *|Europe/Berlin|2026-10-23T12:00:00Z|2026-10-27T12:00:00Z|"
          + "2026-10-24T02:30+02:00 2026-10-25T02:30+02:00 2026-10-26T02:30+01:00 2026-10-27T02:30+01:00",
      "30 2 * * *|America/New_York|2026-03-06T12:00:00Z|2026-03-10T12:00:00Z|"
          + "2026-03-07T02:30-05:00 2026-03-08T03:30-04:00 2026-03-09T02:30-04:00 2026-03-10T02:30-04:00",
      "30 1 * * *|America/New_York|2026-10-30T12:00:00Z|2026-11-03T12:00:00Z|"
          + "2026-10-31T01:30-04:00 2026-11-01T01:30-04:00 2026-11-02T01:30-05:00 2026-11-03T01:30-05:00",
      "0 */6 * * 1|Europe/Berlin|2026-10-18T12:00:00Z|2026-11-03T00:00:00Z|"
          + "2026-10-19T00:00+02:00 2026-10-19T06:00+02:00 2026-10-19T12:00+02:00 2026-10-19T18:00+02:00 "
          + "2026-10-26T00:00+01:00 2026-10-26T06:00+01:00 2026-10-26T12:00+01:00 2026-10-26T18:00+01:00 "
          + "2026-11-02T00:00+01:00 2026-11-02T06:00+01:00 2026-11-02T12:00+01:00 2026-11-02T18:00+01:00"})
  void runsAreExactlyTheFireTimesAcrossClockChanges(String cron, String zone, String from, String to, String expected) {
    ScheduleWorld w = new ScheduleWorld(cron, zone, from);
    assertEquals(List.of(expected.split(" ")), runs(w, Instant.parse(from), Instant.parse(to), Duration.ofMinutes(7)));
  }

  @Test
  void fourWeeksOfNightlyBackupsMakeExactlyOneRunPerNight() {
    ScheduleWorld w = new ScheduleWorld("@daily-random", "Europe/Berlin", "2026-03-15T00:00:00Z");
    List<String> runs = runs(w, Instant.parse("2026-03-15T00:00:00Z"), Instant.parse("2026-04-12T00:00:00Z"),
        Duration.ofMinutes(13));
    assertEquals(28, runs.size(), runs.toString());
    assertEquals(28, runs.stream().map(r -> r.substring(0, 10)).distinct().count(), "one run per local day: " + runs);
    assertEquals(28 * 3, w.created().size());
  }

  @Test
  void aThreeDayOutageEndsInOneRunNotAStorm() {
    ScheduleWorld w = new ScheduleWorld("*/15 * * * *", null, "2026-11-20T00:00:00Z");
    Instant start = Instant.parse("2026-11-20T00:00:30Z");
    assertEquals(3, runs(w, start, start.plus(Duration.ofHours(1)), Duration.ofMinutes(1)).size()); // 00:15, 00:30, 00:45
    int before = w.created().size();
    Instant back = start.plus(Duration.ofDays(3)).plus(Duration.ofMinutes(7)); // 288 fire times missed
    w.pass(back);
    assertEquals(3, w.created().size() - before, "one run (3 claims) for the latest missed fire time");
    assertEquals("2026-11-23T00:00:00Z", w.schedule.getStatus().lastScheduleTime);
    w.finishAll(BackupPhase.Ready, back);
    w.pass(back.plusSeconds(60));
    assertEquals(3, w.created().size() - before, "and nothing more until the next fire time");
  }

  @Test
  void aRunFoundAfterItsStartingDeadlineIsSkippedWithAnEvent() {
    ScheduleWorld w = new ScheduleWorld("0 2 * * *", null, "2026-11-20T00:00:00Z");
    w.schedule.getSpec().startingDeadlineSeconds = 600L;
    w.pass(Instant.parse("2026-11-20T01:00:00Z"));
    w.pass(Instant.parse("2026-11-23T02:20:00Z")); // controller back 20 minutes after the 02:00 run
    assertEquals(List.of(), w.created());
    assertEquals(List.of("missed the run of 2026-11-23T02:00:00Z: found 1200s late, after startingDeadlineSeconds 600"),
        w.events("MissedSchedule"));
    w.pass(Instant.parse("2026-11-23T02:25:00Z"));
    assertEquals(1, w.events("MissedSchedule").size(), "reported once");
    w.pass(Instant.parse("2026-11-24T02:00:30Z"));
    assertEquals(3, w.created().size(), "the next run is on time");
  }
}
