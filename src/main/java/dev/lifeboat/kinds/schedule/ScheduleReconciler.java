package dev.lifeboat.kinds.schedule;

import dev.lifeboat.engine.ReconcileContext;
import dev.lifeboat.engine.Reconciler;
import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Copies;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.api.SchedulePhase;
import dev.lifeboat.api.ScheduleSpec;
import dev.lifeboat.api.ScheduleStatus;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.lifecycle.schedule.ScheduleLifecycle;
import dev.lifeboat.lifecycle.schedule.ScheduleObservation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;

/**
 * Schedules: observe the cron, the claims, the Schedule's Backups, locks and CronJob
 * ({@link ScheduleObservations}); {@link ScheduleLifecycle} decides. A Schedule is looked at again
 * at its next fire time, when one of its Backups changes (they carry its owner labels), and, while
 * FailedValidation, when a Repository appears.
 */
public final class ScheduleReconciler implements Reconciler<Schedule> {
  @Override
  public Class<Schedule> type() {
    return Schedule.class;
  }

  @Override
  public Object phase(Schedule resource) {
    return resource.getStatus() == null ? null : resource.getStatus().phase;
  }

  @Override
  public boolean unsettled(Schedule s) {
    return s.getStatus() == null || s.getStatus().phase == null || s.getStatus().phase == SchedulePhase.FailedValidation
        || (s.getSpec() != null && s.getSpec().autoRestores()); // a new claim may need its data back
  }

  @Override
  public List<Class<? extends HasMetadata>> wokenBy() {
    return List.of(Repository.class, PersistentVolumeClaim.class);
  }

  @Override
  public Optional<Duration> reconcile(Schedule schedule, ReconcileContext ctx) {
    if (schedule.getMetadata().getDeletionTimestamp() != null) {
      return Optional.empty();
    }
    ScheduleObservation observed = ScheduleObservations.observe(schedule, ctx, cronJobState(schedule, ctx), false);
    Decision<ScheduleStatus> decision = ScheduleLifecycle.decide(schedule, observed, ctx.now());
    ctx.apply(schedule, decision, create -> {
      throw new IllegalStateException("a Schedule creates no Jobs itself");
    }, name -> ScheduleObservations.cronJob(ctx, schedule, name));
    return Optional.ofNullable(decision.requeueAfter());
  }

  /** Whether the CronJob exists and matches what would be written now (mode CronJob), or exists at all (other modes). */
  private static ScheduleObservation.CronJobState cronJobState(Schedule schedule, ReconcileContext ctx) {
    String name = ScheduleLifecycle.cronJobName(schedule.getMetadata().getName());
    CronJob existing = ctx.cache().get(CronJob.class, schedule.getMetadata().getNamespace(), name);
    if (existing == null) {
      return ScheduleObservation.CronJobState.ABSENT;
    }
    if (schedule.getSpec().modeOrDefault() != ScheduleSpec.ScheduleMode.CronJob) {
      return ScheduleObservation.CronJobState.OUTDATED;
    }
    CronJob desired = ScheduleObservations.cronJob(ctx, schedule, name);
    return desired != null && Copies.sameJson(desired.getSpec(), existing.getSpec())
        ? ScheduleObservation.CronJobState.CURRENT : ScheduleObservation.CronJobState.OUTDATED;
  }

  /** Backups of a Schedule carry its name (label, cut to 63 characters; the annotation has it whole). */
  static boolean ownedBy(Backup backup, String schedule, String scheduleNamespace) {
    var annotations = backup.getMetadata().getAnnotations();
    var labels = backup.getMetadata().getLabels();
    if (annotations == null || !schedule.equals(annotations.get(Labels.OWNER_NAME)) || labels == null
        || !labels.containsKey(Labels.SCHEDULE)) {
      return false;
    }
    String from = labels.get(Labels.SCHEDULE_NAMESPACE); // set when a Schedule of another namespace made it
    return from == null ? scheduleNamespace.equals(backup.getMetadata().getNamespace()) : from.equals(scheduleNamespace);
  }
}
