package dev.lifeboat.lifecycle.protection;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The protection report ({@code lifeboat status}, and the controller's per-claim metrics): for each claim and each
 * application source of a Schedule, what covers it, how old its newest Ready Backup is against its recovery point
 * objective, how its newest drill went, whether its repository is healthy, and one verdict.
 *
 * <pre>
 *   labelled lifeboat.dev/backup=false ─► excluded
 *   no Schedule covers it ──────────────► unprotected
 *   no Ready Backup, or older than RPO ─► stale
 *   its Repository's check failed ──────► unhealthy
 *   its newest Drill failed ────────────► drill failed
 *   otherwise ──────────────────────────► protected
 * </pre>
 */
public final class ProtectionReport {
  private ProtectionReport() {}

  /** A claim of the cluster (not terminating, not one of lifeboat's own copies or scratch claims). */
  public record Claim(String namespace, String name, boolean excluded) {}

  /**
   * A Schedule as the report needs it.
   *
   * @param units the claims it covers ({@code namespace/claim}) and its application source ({@code namespace/kind})
   * @param rpo its spec.rpo, else 1.5 × its interval; null when its cron cannot be read
   * @param repositoryHealthy per namespace it backs up into: the Repository's Healthy condition (null: not checked)
   */
  public record Schedule(String namespace, String name, List<String> units, Duration rpo,
      Map<String, Boolean> repositoryHealthy) {}

  /** The newest Ready Backup of a unit ({@code namespace/claim} or {@code namespace/kind}). */
  public record LastBackup(String unit, String name, Instant snapshotTime) {}

  /** The newest finished Drill of a unit. */
  public record LastDrill(String unit, String name, boolean succeeded, Instant time, Long rtoSeconds) {}

  public enum Verdict {
    protected_("protected"),
    stale("stale"),
    unhealthy("unhealthy"),
    drillFailed("drill failed"),
    unprotected("unprotected"),
    excluded("excluded");

    private final String text;

    Verdict(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /** One line of the report: a claim or an application source. */
  public record Row(String namespace, String unit, boolean claim, List<String> schedules, LastBackup backup,
      Duration backupAge, Duration rpo, LastDrill drill, Boolean repositoryHealthy, Verdict verdict, String why) {
    public boolean isProtected() {
      return verdict == Verdict.protected_;
    }
  }

  public static List<Row> rows(List<Claim> claims, List<Schedule> schedules, List<LastBackup> backups,
      List<LastDrill> drills, Instant now) {
    Map<String, LastBackup> backupOf = new LinkedHashMap<>();
    backups.forEach(b -> backupOf.merge(b.unit(), b, ProtectionReport::newer));
    Map<String, LastDrill> drillOf = new LinkedHashMap<>();
    drills.forEach(d -> drillOf.merge(d.unit(), d, (a, b) -> a.time().isAfter(b.time()) ? a : b));
    Map<String, Boolean> units = new LinkedHashMap<>(); // unit -> is a claim
    Map<String, Boolean> excluded = new LinkedHashMap<>();
    claims.forEach(c -> {
      units.put(c.namespace() + "/" + c.name(), true);
      excluded.put(c.namespace() + "/" + c.name(), c.excluded());
    });
    schedules.forEach(s -> s.units().forEach(u -> units.putIfAbsent(u, false)));
    List<Row> rows = new ArrayList<>();
    units.forEach((unit, isClaim) -> rows.add(row(unit, isClaim, Boolean.TRUE.equals(excluded.get(unit)), schedules,
        backupOf.get(unit), drillOf.get(unit), now)));
    rows.sort(Comparator.comparing(Row::namespace).thenComparing(Row::unit));
    return rows;
  }

  private static Row row(String unit, boolean isClaim, boolean excluded, List<Schedule> schedules, LastBackup backup,
      LastDrill drill, Instant now) {
    String namespace = unit.substring(0, unit.indexOf('/'));
    String name = unit.substring(unit.indexOf('/') + 1);
    List<Schedule> covering = schedules.stream().filter(s -> s.units().contains(unit)).toList();
    Duration rpo = covering.stream().map(Schedule::rpo).filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
    Boolean healthy = null;
    for (Schedule s : covering) {
      Boolean h = s.repositoryHealthy().get(namespace);
      if (h != null) {
        healthy = healthy == null ? h : Boolean.valueOf(healthy && h);
      }
    }
    Duration age = backup == null || backup.snapshotTime() == null ? null : Duration.between(backup.snapshotTime(), now);
    Verdict verdict;
    String why;
    if (excluded) {
      verdict = Verdict.excluded;
      why = "labelled lifeboat.dev/backup=false";
    } else if (covering.isEmpty()) {
      verdict = Verdict.unprotected;
      why = "no Schedule covers it";
    } else if (backup == null) {
      verdict = Verdict.stale;
      why = "no Ready Backup yet";
    } else if (rpo != null && age != null && age.compareTo(rpo) > 0) {
      verdict = Verdict.stale;
      why = "newest Ready Backup is older than the RPO";
    } else if (Boolean.FALSE.equals(healthy)) {
      verdict = Verdict.unhealthy;
      why = "its Repository's last check failed";
    } else if (drill != null && !drill.succeeded()) {
      verdict = Verdict.drillFailed;
      why = "its newest Drill " + drill.name() + " failed";
    } else {
      verdict = Verdict.protected_;
      why = null;
    }
    return new Row(namespace, name, isClaim, covering.stream().map(Schedule::name).toList(), backup, age, rpo, drill,
        healthy, verdict, why);
  }

  private static LastBackup newer(LastBackup a, LastBackup b) {
    if (a.snapshotTime() == null) {
      return b;
    }
    return b.snapshotTime() != null && b.snapshotTime().isAfter(a.snapshotTime()) ? b : a;
  }

  /** The default recovery point objective of a cron that fires every {@code interval}: one run may be missed, half of one. */
  public static Duration defaultRpo(Duration interval) {
    return interval.multipliedBy(3).dividedBy(2);
  }
}
