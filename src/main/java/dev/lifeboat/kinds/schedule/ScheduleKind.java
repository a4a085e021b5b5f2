package dev.lifeboat.kinds.schedule;

import dev.lifeboat.api.Schedule;
import dev.lifeboat.kind.Kind;
import dev.lifeboat.output.Ages;
import dev.lifeboat.output.Column;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The Schedule kind: backups on a cron, with retention (and, optionally, auto-restores). */
public final class ScheduleKind {
  public static final Kind<Schedule> KIND = new Kind<>(Schedule.class, "schedules", List.of("schedule", "sched"),
      List.of(
      Column.of("PHASE", (s, now) -> s.getStatus() == null ? "" : String.valueOf(s.getStatus().phase)),
      Column.of("CRON", (s, now) -> s.getSpec().cron + (s.getSpec().timeZone == null ? "" : " " + s.getSpec().timeZone)),
      Column.of("NEXT", (s, now) -> s.getStatus() == null || s.getStatus().nextScheduleTime == null ? ""
          : "in " + Ages.format(Duration.between(now, Instant.parse(s.getStatus().nextScheduleTime)))),
      Column.of("LAST", (s, now) -> s.getStatus() == null || s.getStatus().lastScheduleTime == null ? ""
          : Ages.since(s.getStatus().lastScheduleTime, now) + " ago"),
      Column.of("SUSPENDED", (s, now) -> String.valueOf(s.getSpec().suspended())),
      Column.wide("MESSAGE", (s, now) -> s.getStatus() == null ? "" : Column.text(s.getStatus().message)),
      Column.age()),
      new ScheduleReconciler(),
      Set.of(), Set.of(),
      null);

  private ScheduleKind() {}
}
