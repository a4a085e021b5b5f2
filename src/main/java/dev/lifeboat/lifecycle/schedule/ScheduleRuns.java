package dev.lifeboat.lifecycle.schedule;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupSource;
import dev.lifeboat.api.BackupSpec;
import dev.lifeboat.api.BackupTemplate;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.api.ScheduleSpec;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.JobNames;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.lifeboat.api.Copies;
import dev.lifeboat.api.JobTemplate;

/**
 * One run of a Schedule: one Backup per claim, named after the schedule, the claim and the run's
 * time (so a run repeated after a crash creates nothing twice), unless the claim's previous
 * Backup is unfinished (Forbid) or a restore holds its lock: then the claim is skipped for this run.
 */
public final class ScheduleRuns {
  /** Backup names become parts of Job names and labels: kept to 63 characters (cut short with a hash). */
  static final int MAX_BACKUP_NAME = 63;
  private static final DateTimeFormatter CRON_RUN = DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MANUAL_RUN = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);

  private ScheduleRuns() {}

  /**
   * @param created names of the Backups this run creates (or found already created by an earlier try)
   * @param skipped claim → why it was not backed up in this run
   */
  public record Run(Instant time, List<Action> actions, List<String> created, Map<String, String> skipped) {}

  /**
   * {@code <schedule>-<pvc>-<yyyyMMddHHmm>} in UTC; a manual run adds seconds and milliseconds (two
   * manual runs are two runs, however close; a cron run repeated after a crash is the same run).
   */
  public static String backupName(String schedule, String pvc, Instant time, boolean manual) {
    return JobNames.fit(schedule + "-" + pvc + "-" + (manual ? MANUAL_RUN : CRON_RUN).format(time), MAX_BACKUP_NAME);
  }

  public static Run run(Schedule schedule, ScheduleObservation observed, Instant time, boolean manual) {
    String name = schedule.getMetadata().getName();
    List<Action> actions = new ArrayList<>();
    List<String> created = new ArrayList<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    for (String pvc : observed.pvcs()) {
      String claim = pvc.substring(pvc.indexOf('/') + 1); // namespace/claim with namespaceSelector
      String backupName = backupName(name, claim, time, manual);
      String known = pvc.equals(claim) ? backupName : pvc.substring(0, pvc.indexOf('/') + 1) + backupName;
      if (observed.backups().stream().anyMatch(b -> b.name().equals(known))) {
        created.add(known); // an earlier try of this run got that far
        continue;
      }
      ScheduledBackup unfinished = observed.backups().stream()
          .filter(b -> b.pvc().equals(pvc) && !b.finished() && !b.deleting()).findFirst().orElse(null);
      if (unfinished != null && schedule.getSpec().concurrencyOrDefault() == ScheduleSpec.ConcurrencyPolicy.Forbid) {
        skipped.put(pvc, "Backup " + unfinished.name() + " is still " + (unfinished.phase() == null ? "Pending"
            : unfinished.phase()) + " (concurrencyPolicy Forbid)");
        continue;
      }
      String holder = observed.lockHolders().get(pvc);
      if (holder != null) {
        skipped.put(pvc, "locked by " + holder.replaceFirst("/", " "));
        continue;
      }
      actions.add(new Action.CreateBackup(backup(schedule, pvc, backupName, time)));
      created.add(known);
    }
    return new Run(time, actions, created, skipped);
  }

  /**
   * The Backup a run creates for one claim: the template's fields, deleted with its snapshot (deletionPolicy Delete:
   * retention forgets it), and kept when the Schedule goes (no owner reference).
   */
  static Backup backup(Schedule schedule, String unit, String backupName, Instant time) {
    ScheduleSpec spec = schedule.getSpec();
    String scheduleName = schedule.getMetadata().getName();
    // namespace/claim with namespaceSelector: the Backup goes to the claim's namespace, against its Repository there.
    String[] at = spec.crossNamespace() ? unit.split("/", 2) : new String[] {schedule.getMetadata().getNamespace(), unit};
    String pvc = at[1];
    Backup backup = new Backup();
    ObjectMeta meta = new ObjectMeta();
    meta.setName(backupName);
    meta.setNamespace(at[0]);
    meta.setLabels(new LinkedHashMap<>(Map.of(
        Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE,
        Labels.SCHEDULE, JobNames.labelValue(scheduleName),
        Labels.PVC, JobNames.labelValue(pvc),
        Labels.OWNER_KIND, "Schedule",
        Labels.OWNER_NAME, JobNames.labelValue(scheduleName))));
    if (spec.crossNamespace()) {
      meta.getLabels().put(Labels.SCHEDULE_NAMESPACE, schedule.getMetadata().getNamespace());
    }
    meta.setAnnotations(new LinkedHashMap<>(Map.of(Labels.SCHEDULED_TIME, time.toString(), Labels.OWNER_NAME, scheduleName)));
    // No owner reference: garbage collection of a deleted Schedule's Backups would run their forget finalizers and
    // take every snapshot with them (kubectl delete schedule, a Schedule recreated with another cron). The labels
    // and the annotation say whose run it was; only 'schedule delete --delete-backups' forgets them.
    meta.setFinalizers(List.of(Labels.FORGET_FINALIZER));
    backup.setMetadata(meta);

    BackupSpec b = new BackupSpec();
    BackupTemplate template = spec.backupTemplate == null ? new BackupTemplate() : spec.backupTemplate;
    b.repository = spec.repository;
    b.source = spec.source != null ? Copies.deepCopy(spec.source, BackupSource.class) : new BackupSource(pvc);
    b.tags = new ArrayList<>(template.tags == null ? List.of() : template.tags);
    b.tags.add("schedule=" + scheduleName);
    b.backoffLimit = template.backoffLimit;
    b.ttlSecondsAfterFinished = template.ttlSecondsAfterFinished;
    b.timeout = template.timeout;
    b.startTimeout = template.startTimeout;
    b.copyMethod = template.copyMethod;
    b.volumeSnapshotClassName = template.volumeSnapshotClassName;
    b.hooks = template.hooks == null ? null : Copies.deepCopy(template.hooks, dev.lifeboat.api.BackupHooks.class);
    b.jobTemplate = template.jobTemplate == null ? null : Copies.deepCopy(template.jobTemplate, JobTemplate.class);
    b.moverSecurityContext = template.moverSecurityContext == null ? null
        : Copies.deepCopy(template.moverSecurityContext, dev.lifeboat.api.MoverSecurityContext.class);
    b.privilegedMover = template.privilegedMover;
    b.deletionPolicy = BackupSpec.DeletionPolicy.Delete;
    backup.setSpec(b);
    return backup;
  }
}
