package dev.lifeboat.kinds.schedule;

import dev.lifeboat.engine.LockHolders;
import dev.lifeboat.engine.ReconcileContext;
import dev.lifeboat.cluster.ClusterView;
import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.api.ScheduleSpec;
import dev.lifeboat.jobs.ScheduleCronJobs;
import dev.lifeboat.lifecycle.schedule.AutoRestore;
import dev.lifeboat.lifecycle.schedule.FireTimes;
import dev.lifeboat.lifecycle.schedule.ScheduleLifecycle;
import dev.lifeboat.lifecycle.schedule.ScheduleObservation;
import dev.lifeboat.lifecycle.schedule.ScheduledBackup;
import dev.lifeboat.schedule.CronSchedule;
import dev.lifeboat.schedule.LabelSelectors;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.Restore;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Optional;

/**
 * What a Schedule's lifecycle sees, read from a {@link ReconcileContext}: shared by the reconciler
 * and by {@code schedule run} / {@code backup create --from-schedule}, which run the same rules.
 */
public final class ScheduleObservations {
  private ScheduleObservations() {}

  /** @param forRun the observation is for a run now (schedule run): read the claims' locks even if no cron run is due */
  public static ScheduleObservation observe(Schedule schedule, ReconcileContext ctx,
      ScheduleObservation.CronJobState cronJob, boolean forRun) {
    String ns = schedule.getMetadata().getNamespace();
    ScheduleSpec spec = schedule.getSpec();
    List<String> problems = new ArrayList<>();
    ZoneId zone = ZoneId.of("UTC");
    try {
      zone = CronSchedule.zone(spec.timeZone);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    FireTimes fireTimes = null;
    try {
      fireTimes = CronSchedule.parse(spec.cron, zone.getId(), ns + "/" + schedule.getMetadata().getName());
      if (fireTimes.nextAfter(ctx.now()).isEmpty()) {
        problems.add("cron: '" + spec.cron + "' never fires");
      }
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    FireTimes drillTimes = null;
    if (spec.drill != null) {
      try {
        drillTimes = CronSchedule.parse(spec.drill.cron, zone.getId(), ns + "/" + schedule.getMetadata().getName() + "/drill");
      } catch (IllegalArgumentException e) {
        problems.add("drill." + e.getMessage());
      }
    }
    if (spec.pvcSelector != null && LabelSelectors.problem(spec.pvcSelector) != null) {
      problems.add("pvcSelector: " + LabelSelectors.problem(spec.pvcSelector));
    }
    boolean repositoryExists = spec.repository != null
        && ctx.confirmed(Repository.class, ns, spec.repository, true) != null;
    List<String> withoutRepository = new ArrayList<>();
    if (spec.crossNamespace()) {
      String reach = ScheduleNamespaces.problem(schedule, ctx.jobs().settings().tenancy());
      if (reach != null) {
        problems.add(reach);
      }
    }
    List<String> pvcs = new ArrayList<>();
    if (problems.isEmpty() && spec.crossNamespace()) {
      ScheduleNamespaces.Selection selection = ScheduleNamespaces.select(schedule, ctx,
          selected -> claims(schedule, selected, ctx));
      pvcs.addAll(selection.pvcs());
      withoutRepository.addAll(selection.withoutRepository());
      if (selection.problem() != null) {
        problems.add(selection.problem());
      }
    } else if (problems.isEmpty()) {
      pvcs.addAll(claims(schedule, ctx));
    }
    Map<String, String> locks = new LinkedHashMap<>();
    boolean running = forRun || (fireTimes != null && ScheduleLifecycle.dueRun(schedule, fireTimes, ctx.now()).isPresent());
    for (String pvc : running ? pvcs : List.<String>of()) { // locks matter only to a run
      String[] at = spec.crossNamespace() ? pvc.split("/", 2) : new String[] {ns, pvc};
      String holder = LockHolders.of(ctx, at[0], spec.source != null ? spec.source.target() : at[1]);
      if (holder != null) {
        locks.put(pvc, holder);
      }
    }
    return new ScheduleObservation(problems.isEmpty() ? fireTimes : null, zone, problems, repositoryExists, pvcs,
        backups(schedule, ctx.cache()), locks, cronJob,
        spec.autoRestores() && spec.source == null && !spec.crossNamespace() ? autoRestores(schedule, pvcs, ctx)
            : List.of(), withoutRepository, drillTimes, spec.drill == null ? List.of() : drills(schedule, ctx));
  }

  /** The Drills this Schedule made in its namespace (its label), for keeping only the newest. */
  private static List<dev.lifeboat.lifecycle.schedule.ScheduleDrills.Made> drills(Schedule schedule, ReconcileContext ctx) {
    List<dev.lifeboat.lifecycle.schedule.ScheduleDrills.Made> made = new ArrayList<>();
    String me = dev.lifeboat.lifecycle.JobNames.labelValue(schedule.getMetadata().getName());
    for (dev.lifeboat.api.Drill d : ctx.cache().list(dev.lifeboat.api.Drill.class, schedule.getMetadata().getNamespace())) {
      var labels = d.getMetadata().getLabels();
      if (labels == null || !me.equals(labels.get(dev.lifeboat.api.Labels.SCHEDULE))
          || d.getMetadata().getCreationTimestamp() == null || d.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      var st = d.getStatus();
      made.add(new dev.lifeboat.lifecycle.schedule.ScheduleDrills.Made(d.getMetadata().getName(),
          labels.get(dev.lifeboat.api.Labels.PVC), java.time.Instant.parse(d.getMetadata().getCreationTimestamp()),
          st != null && st.phase != null && st.phase.isTerminal() && !Boolean.FALSE.equals(st.scratchDeleted),
          st != null && st.phase == dev.lifeboat.api.DrillPhase.Succeeded));
    }
    return made;
  }

  /**
   * The covered claims as auto-restore sees them: uid and creation time, the latest Ready Backup of a
   * claim of that name (cached), whether its Restore exists; the workloads mounting it are read only
   * for a claim that will get a Restore now.
   */
  private static List<AutoRestore.Candidate> autoRestores(Schedule schedule, List<String> pvcs, ReconcileContext ctx) {
    String ns = schedule.getMetadata().getNamespace();
    List<Backup> backups = ctx.cache().list(Backup.class, ns);
    List<AutoRestore.Candidate> candidates = new ArrayList<>();
    for (String name : pvcs) {
      PersistentVolumeClaim pvc = ctx.cache().pvc(ns, name);
      if (pvc == null || pvc.getMetadata().getUid() == null || pvc.getMetadata().getCreationTimestamp() == null) {
        continue;
      }
      Instant created = Instant.parse(pvc.getMetadata().getCreationTimestamp());
      Backup latest = null;
      Instant latestTime = null;
      for (Backup b : backups) {
        Instant taken = takenAt(b);
        if (b.getSpec().source != null && name.equals(b.getSpec().source.pvc) && b.getStatus() != null
            && b.getStatus().phase == BackupPhase.Ready && taken != null
            && (latestTime == null || taken.isAfter(latestTime))) {
          latest = b;
          latestTime = taken;
        }
      }
      String restore = AutoRestore.restoreName(name, pvc.getMetadata().getUid());
      boolean exists = ctx.confirmed(Restore.class, ns, restore,
          latest != null && created.isAfter(latestTime)) != null;
      boolean due = latest != null && !exists && created.isAfter(latestTime);
      candidates.add(new AutoRestore.Candidate(name, pvc.getMetadata().getUid(), created,
          latest == null ? null : latest.getMetadata().getName(), latestTime, exists,
          due ? mounting(ctx, ns, name) : List.of()));
    }
    return candidates;
  }

  /** When a Backup's snapshot was taken: its start (an imported one's snapshot time), else its completion. */
  private static Instant takenAt(Backup b) {
    String at = b.getStatus() == null ? null : b.getStatus().startTime != null ? b.getStatus().startTime
        : b.getStatus().completionTime;
    return at == null ? null : Instant.parse(at);
  }

  /** deployment/NAME and statefulset/NAME whose pods mount the claim. */
  private static List<String> mounting(ReconcileContext ctx, String ns, String pvc) {
    List<String> workloads = new ArrayList<>();
    for (var d : ctx.live().list(Deployment.class, ns)) {
      if (mounts(d.getSpec().getTemplate().getSpec(), pvc)) {
        workloads.add("deployment/" + d.getMetadata().getName());
      }
    }
    for (var s : ctx.live().list(StatefulSet.class, ns)) {
      if (mounts(s.getSpec().getTemplate().getSpec(), pvc)) {
        workloads.add("statefulset/" + s.getMetadata().getName());
      }
    }
    return workloads;
  }

  private static boolean mounts(PodSpec pod, String pvc) {
    return pod != null && pod.getVolumes() != null && pod.getVolumes().stream()
        .anyMatch(v -> v.getPersistentVolumeClaim() != null && pvc.equals(v.getPersistentVolumeClaim().getClaimName()));
  }

  /** The claims a run backs up now: the named one, or every match of the selector; terminating ones left out. */
  private static List<String> claims(Schedule schedule, ReconcileContext ctx) {
    return claims(schedule, schedule.getMetadata().getNamespace(), ctx);
  }

  private static List<String> claims(Schedule schedule, String ns, ReconcileContext ctx) {
    ScheduleSpec spec = schedule.getSpec();
    if (spec.source != null) {
      return List.of(ScheduleSpec.unitOf(spec.source)); // an application: one Backup per run
    }
    List<PersistentVolumeClaim> candidates = spec.pvc != null
        ? Optional.ofNullable(ctx.confirmed(PersistentVolumeClaim.class, ns, spec.pvc, true)).stream().toList()
        : ctx.cache().list(PersistentVolumeClaim.class, ns).stream()
            .filter(p -> LabelSelectors.matches(spec.pvcSelector, p.getMetadata().getLabels())).toList();
    // A Backup's temporary copy, a drill's scratch or a cache is never a claim to back up, whatever it matches.
    return candidates.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null
            && !Labels.lifeboatOwnClaim(p.getMetadata().getLabels()))
        .map(p -> p.getMetadata().getName()).sorted().toList();
  }

  /**
   * Every Backup the Schedule made that still exists; with namespaceSelector, in every namespace, each named
   * {@code namespace/name} and its claim {@code namespace/claim}.
   */
  public static List<ScheduledBackup> backups(Schedule schedule, ClusterView view) {
    String name = schedule.getMetadata().getName();
    String ns = schedule.getMetadata().getNamespace();
    boolean cross = schedule.getSpec() != null && schedule.getSpec().crossNamespace();
    return view.list(Backup.class, cross ? null : ns).stream()
        .filter(b -> ScheduleReconciler.ownedBy(b, name, ns))
        .map(b -> scheduled(b, cross))
        .toList();
  }

  private static ScheduledBackup scheduled(Backup b, boolean cross) {
    var annotations = b.getMetadata().getAnnotations();
    String time = annotations.get(Labels.SCHEDULED_TIME);
    var status = b.getStatus();
    String at = cross ? b.getMetadata().getNamespace() + "/" : "";
    return new ScheduledBackup(at + b.getMetadata().getName(), at + ScheduleSpec.unitOf(b.getSpec().source),
        status == null ? null : status.phase,
        time != null ? Instant.parse(time) : Instant.parse(b.getMetadata().getCreationTimestamp()),
        status == null || status.completionTime == null ? null : Instant.parse(status.completionTime),
        status == null ? null : status.snapshotId,
        b.getMetadata().getDeletionTimestamp() != null, status != null && Boolean.TRUE.equals(status.incomplete));
  }

  /** The CronJob of a Schedule in mode CronJob, as it should be now; null when the cron cannot be read. */
  static CronJob cronJob(ReconcileContext ctx, Schedule schedule, String name) {
    try {
      String expression = CronSchedule.parse(schedule.getSpec().cron, schedule.getSpec().timeZone,
          schedule.getMetadata().getNamespace() + "/" + schedule.getMetadata().getName()).effectiveExpression();
      return ScheduleCronJobs.cronJob(ctx.jobs(), schedule, name, expression);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
