package dev.lifeboat.output;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.Restore;
import dev.lifeboat.api.Schedule;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.List;

/** The table columns of each kind: NAME, PHASE, the kind's key fields, AGE (as the CRDs' printer columns). */
public final class ResourceTables {
  private ResourceTables() {}

  /** The Healthy condition's status (set by the last check), or empty before any check. */
  private static String healthy(Repository r) {
    var condition = r.getStatus() == null ? null
        : dev.lifeboat.lifecycle.Conditions.find(r.getStatus().conditions, dev.lifeboat.lifecycle.Conditions.HEALTHY);
    return condition == null ? "" : condition.getStatus();
  }

  /** "Succeeded 2h ago", "Failed 5m ago" or empty. */
  private static String lastRun(Repository r, dev.lifeboat.api.MaintenanceTask task, Instant now) {
    var entry = r.getStatus() == null ? null : r.getStatus().find(task);
    if (entry == null || entry.lastEnd == null) {
      return "";
    }
    return entry.result + " " + Ages.since(entry.lastEnd, now) + " ago";
  }

  @SuppressWarnings("unchecked")
  public static <T extends HasMetadata> List<Column<T>> columns(Class<T> kind) {
    Object columns;
    if (kind == Backup.class) {
      columns = List.<Column<Backup>>of(
          Column.of("PHASE", (b, now) -> b.getStatus() == null ? "" : String.valueOf(b.getStatus().phase)),
          Column.of("REPOSITORY", (b, now) -> b.getSpec().repository),
          Column.of("SOURCE", (b, now) -> sourceColumn(b.getSpec().source)),
          Column.of("SNAPSHOT", (b, now) -> b.getStatus() == null || b.getStatus().snapshotId == null ? ""
              : b.getStatus().snapshotId.substring(0, Math.min(8, b.getStatus().snapshotId.length()))),
          Column.wide("SIZE", (b, now) -> b.getStatus() == null || b.getStatus().summary == null ? ""
              : Ages.bytes(b.getStatus().summary.totalBytesProcessed)),
          Column.wide("MESSAGE", (b, now) -> b.getStatus() == null ? "" : nullToEmpty(b.getStatus().message)),
          age());
    } else if (kind == Repository.class) {
      columns = List.<Column<Repository>>of(
          Column.of("PHASE", (r, now) -> r.getStatus() == null ? "" : String.valueOf(r.getStatus().phase)),
          Column.of("HEALTHY", (r, now) -> healthy(r)),
          Column.of("SNAPSHOTS", (r, now) -> r.getStatus() == null || r.getStatus().snapshots == null ? ""
              : String.valueOf(r.getStatus().snapshots)),
          Column.of("SIZE", (r, now) -> r.getStatus() == null ? "" : Ages.bytes(r.getStatus().sizeBytes)),
          Column.of("LAST CHECK", (r, now) -> lastRun(r, dev.lifeboat.api.MaintenanceTask.check, now)),
          Column.of("URL", (r, now) -> r.getSpec().url),
          Column.wide("MESSAGE", (r, now) -> r.getStatus() == null ? "" : nullToEmpty(r.getStatus().message)),
          age());
    } else if (kind == Restore.class) {
      columns = List.<Column<Restore>>of(
          Column.of("PHASE", (r, now) -> r.getStatus() == null ? "" : String.valueOf(r.getStatus().phase)),
          Column.of("BACKUP", (r, now) -> nullToEmpty(r.getSpec().backup)),
          Column.of("TARGET", (r, now) -> r.getStatus() != null && r.getStatus().target != null ? r.getStatus().target
              : r.getSpec().target == null ? "" : nullToEmpty(r.getSpec().target.pvc)),
          age());
    } else if (kind == Schedule.class) {
      columns = List.<Column<Schedule>>of(
          Column.of("PHASE", (s, now) -> s.getStatus() == null ? "" : String.valueOf(s.getStatus().phase)),
          Column.of("CRON", (s, now) -> s.getSpec().cron + (s.getSpec().timeZone == null ? "" : " " + s.getSpec().timeZone)),
          Column.of("NEXT", (s, now) -> s.getStatus() == null || s.getStatus().nextScheduleTime == null ? ""
              : "in " + Ages.format(java.time.Duration.between(now, Instant.parse(s.getStatus().nextScheduleTime)))),
          Column.of("LAST", (s, now) -> s.getStatus() == null || s.getStatus().lastScheduleTime == null ? ""
              : Ages.since(s.getStatus().lastScheduleTime, now) + " ago"),
          Column.of("SUSPENDED", (s, now) -> String.valueOf(s.getSpec().suspended())),
          Column.wide("MESSAGE", (s, now) -> s.getStatus() == null ? "" : nullToEmpty(s.getStatus().message)),
          age());
    } else if (kind == HibernatePlan.class) {
      columns = List.<Column<HibernatePlan>>of(
          Column.of("PHASE", (h, now) -> h.getStatus() == null ? "" : String.valueOf(h.getStatus().phase)),
          Column.of("NEXT", (h, now) -> h.getStatus() == null || h.getStatus().nextTransition == null ? ""
              : h.getStatus().nextTransitionTo + " in "
                  + Ages.format(java.time.Duration.between(now, Instant.parse(h.getStatus().nextTransition)))),
          Column.of("TARGETS", (h, now) -> targets(h)),
          Column.wide("MESSAGE", (h, now) -> h.getStatus() == null ? "" : nullToEmpty(h.getStatus().message)),
          age());
    } else {
      columns = List.<Column<HasMetadata>>of(age());
    }
    return (List<Column<T>>) columns;
  }

  private static <T extends HasMetadata> Column<T> age() {
    return Column.of("AGE", (o, now) -> Ages.since(o.getMetadata().getCreationTimestamp(), now));
  }

  /** "3" or, once the plan has worked on them, "2/3 Down" (how many are in the state most of them are in). */
  private static String targets(HibernatePlan h) {
    int total = h.getSpec().targets == null ? 0 : h.getSpec().targets.size();
    if (h.getStatus() == null || h.getStatus().targets.isEmpty()) {
      return String.valueOf(total);
    }
    var counts = new java.util.TreeMap<String, Integer>();
    h.getStatus().targets.forEach(t -> counts.merge(String.valueOf(t.state), 1, Integer::sum));
    var top = counts.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow();
    return top.getValue() + "/" + total + " " + top.getKey();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** A claim's name, or an application's target; a command shortened to what fits a column. */
  static String sourceColumn(dev.lifeboat.api.BackupSource source) {
    if (source == null || source.kind() == null) {
      return "";
    }
    if (source.isClaim()) {
      return source.pvc;
    }
    String target = source.target();
    return target.length() <= 48 ? target : target.substring(0, 47) + "…";
  }
}
