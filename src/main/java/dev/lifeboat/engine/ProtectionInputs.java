package dev.lifeboat.engine;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.BackupStatus;
import dev.lifeboat.api.Drill;
import dev.lifeboat.api.DrillPhase;
import dev.lifeboat.api.Durations;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.api.ScheduleSpec;
import dev.lifeboat.cluster.ClusterView;
import dev.lifeboat.lifecycle.Conditions;
import dev.lifeboat.lifecycle.protection.ProtectionReport;
import dev.lifeboat.schedule.CronSchedule;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what {@link ProtectionReport} judges from a view of the cluster: the CLI's {@code status} reads the server, the
 * controller's metrics its cache. {@code namespace} null: every namespace.
 */
public final class ProtectionInputs {
  /** A claim labelled {@code lifeboat.dev/backup: "false"} is excluded on purpose (K8up's convention). */
  public static final String BACKUP_LABEL = "lifeboat.dev/backup";

  private ProtectionInputs() {}

  public static List<ProtectionReport.Row> report(ClusterView view, String namespace, Instant now) {
    List<ProtectionReport.Claim> claims = new ArrayList<>();
    for (PersistentVolumeClaim pvc : view.listAll(PersistentVolumeClaim.class, namespace)) {
      Map<String, String> labels = pvc.getMetadata().getLabels() == null ? Map.of() : pvc.getMetadata().getLabels();
      if (pvc.getMetadata().getDeletionTimestamp() != null || Labels.lifeboatOwnClaim(labels)) {
        continue; // going, or lifeboat's own copy, drill scratch or cache
      }
      claims.add(new ProtectionReport.Claim(pvc.getMetadata().getNamespace(), pvc.getMetadata().getName(),
          "false".equals(labels.get(BACKUP_LABEL))));
    }
    List<ProtectionReport.Schedule> schedules = new ArrayList<>();
    for (Schedule s : view.list(Schedule.class, namespace)) {
      schedules.add(schedule(view, s, now));
    }
    List<ProtectionReport.LastBackup> backups = new ArrayList<>();
    for (Backup b : view.list(Backup.class, namespace)) {
      BackupStatus st = b.getStatus();
      var missing = st == null ? null : Conditions.find(st.conditions, Conditions.SNAPSHOT_MISSING);
      if (st == null || st.phase != BackupPhase.Ready || b.getMetadata().getDeletionTimestamp() != null
          || (missing != null && "True".equals(missing.getStatus())) || b.getSpec().source == null) {
        continue; // no snapshot that can come back
      }
      backups.add(new ProtectionReport.LastBackup(b.getMetadata().getNamespace() + "/"
          + ScheduleSpec.unitOf(b.getSpec().source), b.getMetadata().getName(), snapshotTime(b)));
    }
    List<ProtectionReport.LastDrill> drills = new ArrayList<>();
    for (Drill d : view.list(Drill.class, namespace)) {
      var st = d.getStatus();
      if (st == null || st.phase == null || !st.phase.isTerminal() || st.pvc == null || st.completionTime == null) {
        continue;
      }
      drills.add(new ProtectionReport.LastDrill(d.getMetadata().getNamespace() + "/" + st.pvc, d.getMetadata().getName(),
          st.phase == DrillPhase.Succeeded, Instant.parse(st.completionTime), st.rtoSeconds));
    }
    return ProtectionReport.rows(claims, schedules, backups, drills, now);
  }

  private static ProtectionReport.Schedule schedule(ClusterView view, Schedule s, Instant now) {
    String ns = s.getMetadata().getNamespace();
    ScheduleSpec spec = s.getSpec();
    List<String> units = new ArrayList<>();
    boolean claims = spec.source == null || spec.source.isClaim();
    if (!claims) {
      units.add(ns + "/" + ScheduleSpec.unitOf(spec.source));
    } else if (s.getStatus() != null) {
      s.getStatus().pvcs.forEach(p -> units.add(p.pvc.contains("/") ? p.pvc : ns + "/" + p.pvc));
    }
    Map<String, Boolean> healthy = new LinkedHashMap<>();
    for (String unit : units) {
      String unitNs = unit.substring(0, unit.indexOf('/'));
      if (!healthy.containsKey(unitNs)) {
        Repository repo = view.get(Repository.class, unitNs, spec.repository);
        var condition = repo == null || repo.getStatus() == null ? null
            : Conditions.find(repo.getStatus().conditions, Conditions.HEALTHY);
        healthy.put(unitNs, condition == null ? null : "True".equals(condition.getStatus()));
      }
    }
    healthy.values().removeIf(java.util.Objects::isNull);
    return new ProtectionReport.Schedule(ns, s.getMetadata().getName(), units, rpo(s, now), healthy);
  }

  /** spec.rpo, else 1.5 × the cron's interval (measured between its next two fire times); null when neither reads. */
  public static Duration rpo(Schedule s, Instant now) {
    if (s.getSpec().rpo != null) {
      try {
        return Durations.parse(s.getSpec().rpo);
      } catch (IllegalArgumentException e) {
        return null; // the Schedule's validation says so
      }
    }
    Duration interval = interval(s.getSpec().cron, s.getSpec().timeZone,
        s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(), now);
    return interval == null ? null : ProtectionReport.defaultRpo(interval);
  }

  /** The time between the cron's next two fire times after {@code now}, or null when it cannot be read. */
  public static Duration interval(String cron, String timeZone, String seed, Instant now) {
    try {
      CronSchedule schedule = CronSchedule.parse(cron, timeZone, seed);
      Optional<Instant> first = schedule.nextAfter(now);
      Optional<Instant> second = first.flatMap(schedule::nextAfter);
      return second.isPresent() ? Duration.between(first.get(), second.get()) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** When a Backup's snapshot was taken: its point-in-time copy, an imported snapshot's time, else its start. */
  public static Instant snapshotTime(Backup b) {
    BackupStatus s = b.getStatus();
    String time = s != null && s.copyTime != null ? s.copyTime
        : b.getSpec().snapshot != null && b.getSpec().snapshot.time != null ? b.getSpec().snapshot.time
        : s != null && s.startTime != null ? s.startTime
        : s != null ? s.completionTime : null;
    try {
      return time == null ? null : OffsetDateTime.parse(time).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
