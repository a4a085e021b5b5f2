package dev.lifeboat.kinds.backup;

import dev.lifeboat.engine.ReconcileContext;
import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupStatus;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Repository;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.backup.BackupForget;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Observes what {@link BackupForget} needs (the repository's pending forgets and forget Jobs) and applies its outcome. */
final class BackupForgetting {
  private BackupForgetting() {}

  static Optional<Duration> reconcile(Backup backup, ReconcileContext ctx) {
    String ns = backup.getMetadata().getNamespace();
    String repositoryName = backup.getSpec().repository;
    Repository repository = ctx.confirmed(Repository.class, ns, repositoryName, true);
    List<BackupForget.Pending> pending = ctx.cache().list(Backup.class, ns).stream()
        .filter(b -> repositoryName.equals(b.getSpec().repository) && BackupForget.applies(b))
        .filter(b -> b.getStatus() != null && b.getStatus().snapshotId != null)
        .sorted(Comparator.comparing(b -> b.getMetadata().getName()))
        .map(b -> new BackupForget.Pending(b.getMetadata().getName(), b.getStatus().snapshotId))
        .toList();
    List<BackupForget.ForgetJob> jobs = ctx.cache().list(Job.class, ns).stream()
        .filter(j -> isForgetJobOf(j, repositoryName))
        .map(j -> new BackupForget.ForgetJob(ctx.job(ns, j.getMetadata().getName(), false),
            Arrays.asList(j.getMetadata().getAnnotations().getOrDefault(Labels.SNAPSHOTS, "").split(","))))
        .filter(j -> j.job() != null)
        .toList();
    BackupForget.Outcome outcome = BackupForget.decide(backup,
        new BackupForget.Observation(repository != null, pending, jobs), ctx.now());
    Decision<BackupStatus> decision = new Decision<>(backup.getStatus(), outcome.actions(), outcome.requeueAfter());
    ctx.apply(backup, decision, create -> forgetJob(ctx, repository, create.jobName(), outcome.batch()));
    return Optional.ofNullable(outcome.requeueAfter());
  }

  private static boolean isForgetJobOf(Job job, String repository) {
    Map<String, String> labels = job.getMetadata().getLabels();
    return labels != null && JobPurpose.FORGET.suffix().equals(labels.get(Labels.PURPOSE))
        && "Repository".equals(labels.get(Labels.OWNER_KIND))
        && JobNames.labelValue(repository).equals(labels.get(Labels.OWNER_NAME))
        && job.getMetadata().getAnnotations() != null;
  }

  /** The batch's Job: it names the snapshots it forgets, and the Backups to wake when it ends. */
  private static Job forgetJob(ReconcileContext ctx, Repository repository, String name, List<BackupForget.Pending> batch) {
    Job job = ctx.jobs().forgetJob(repository, name, batch.stream().map(BackupForget.Pending::snapshotId).toList());
    job.getMetadata().getAnnotations().put(Labels.WAKE,
        String.join(",", batch.stream().map(p -> "Backup/" + p.backup()).toList()));
    return job;
  }
}
