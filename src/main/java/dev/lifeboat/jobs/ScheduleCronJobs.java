package dev.lifeboat.jobs;

import dev.lifeboat.api.BackupTemplate;
import dev.lifeboat.api.Durations;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.lifecycle.JobPurpose;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * The CronJob of a Schedule in mode CronJob (seed 001's shape): Kubernetes fires it, its pod runs
 * {@code lifeboat backup create --from-schedule NAME --wait}, so scheduled backups need no
 * controller. Concurrency Forbid: a run still going when the next is due makes Kubernetes skip it.
 */
public final class ScheduleCronJobs {
  /** Time for the run beyond its Backups' own timeout: retention, forgets, the wait's own margin. */
  private static final long RUN_MARGIN_SECONDS = 900;

  private ScheduleCronJobs() {}

  public static CronJob cronJob(JobFactory jobs, Schedule schedule, String name, String effectiveCron) {
    BackupTemplate template = schedule.getSpec().backupTemplate;
    long deadline = Durations.jobDeadlineSeconds(template == null ? null : template.timeout) + RUN_MARGIN_SECONDS;
    Job run = jobs.scheduleRunJob(schedule, name, deadline);
    String timeZone = schedule.getSpec().timeZone;
    return new CronJobBuilder()
        .withNewMetadata()
          .withName(name)
          .withNamespace(schedule.getMetadata().getNamespace())
          .withLabels(OwnerLabels.ofJob("Schedule", schedule.getMetadata().getName(), JobPurpose.SCHEDULE_RUN))
          .addToAnnotations(Labels.OWNER_NAME, schedule.getMetadata().getName())
          .withOwnerReferences(new OwnerReferenceBuilder()
              .withApiVersion(schedule.getApiVersion()).withKind("Schedule")
              .withName(schedule.getMetadata().getName()).withUid(schedule.getMetadata().getUid())
              .withController(true).withBlockOwnerDeletion(true).build())
        .endMetadata()
        .withNewSpec()
          .withSchedule(effectiveCron)
          .withTimeZone(timeZone == null || timeZone.isEmpty() ? "Etc/UTC" : timeZone)
          .withConcurrencyPolicy("Forbid")
          .withStartingDeadlineSeconds(schedule.getSpec().startingDeadlineSeconds)
          .withSuspend(schedule.getSpec().suspended())
          .withSuccessfulJobsHistoryLimit(3)
          .withFailedJobsHistoryLimit(3)
          .withNewJobTemplate()
            .withNewMetadata().withLabels(run.getMetadata().getLabels()).endMetadata()
            .withSpec(run.getSpec())
          .endJobTemplate()
        .endSpec()
        .build();
  }
}
