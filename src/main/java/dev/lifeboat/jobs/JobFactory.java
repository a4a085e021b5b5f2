package dev.lifeboat.jobs;

import dev.lifeboat.api.Durations;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.JobTemplate;
import dev.lifeboat.api.BackupSource;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.Restore;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.lifeboat.api.MaintenanceRun;
import java.time.Instant;

/**
 * Builds the desired Jobs. Every Job runs the lifeboat binary itself ({@code lifeboat
 * backup-manager ...}) as a non-root user with a read-only root file system, and no fsGroup (the kubelet would
 * change the group of every file of a claim it mounts); a Job that reads or writes a claim runs as its mover's
 * identity instead ({@link MoverPods}). The repository
 * password and credentials reach it only as environment variables from Secret refs, so no secret
 * value is ever part of a Job object.
 */
public final class JobFactory {
  /**
   * Where a backup Job mounts its claim: a path per claim, as restic picks a backup's parent (and a plain {@code
   * restic forget} groups) by host and paths; one path for all would mix the claims of a namespace.
   */
  public static String dataMount(String claim) {
    return "/data/" + claim;
  }
  /** Where the target claim is mounted in restore and prune Jobs. */
  public static final String TARGET_MOUNT = "/target";
  static final String CACHE_MOUNT = "/cache";
  static final String TMP_MOUNT = "/tmp";
  static final long NON_ROOT_UID = 65532L;

  /** Where the manager finds restic's {@code --cacert} file, and its upload and download limits (KiB/s). */
  public static final String CACERT_ENV = "LIFEBOAT_RESTIC_CACERT";
  public static final String LIMIT_UPLOAD_ENV = "LIFEBOAT_RESTIC_LIMIT_UPLOAD";
  public static final String LIMIT_DOWNLOAD_ENV = "LIFEBOAT_RESTIC_LIMIT_DOWNLOAD";

  private final JobSettings settings;

  public JobFactory(JobSettings settings) {
    this.settings = settings;
  }

  public JobSettings settings() {
    return settings;
  }

  /** {@code --snapshot-host NS}: the Job sees only its namespace's snapshots, unless this is lifeboat's own view. */
  private List<String> snapshotHost(Repository repository) {
    String host = settings.tenancy().snapshotHost(repository.getMetadata().getNamespace(), repository.getSpec().allNamespaces);
    return host == null ? List.of() : List.of("--snapshot-host", host);
  }

  /** The backup or verify Job of a Backup. */
  public Job backupJob(Backup backup, Repository repository, JobPurpose purpose, String jobName) {
    return backupJob(backup, repository, purpose, jobName, null, null);
  }

  /**
   * @param copyClaim the temporary claim of a point-in-time copy, read in place of the source claim (mounted where
   *     the source would be: the snapshot's paths are the same); null: the source claim
   * @param copyTime the copy's instant, the snapshot's time; null: when restic runs
   */
  public Job backupJob(Backup backup, Repository repository, JobPurpose purpose, String jobName, String copyClaim,
      String copyTime) {
    String ns = backup.getMetadata().getNamespace();
    String name = backup.getMetadata().getName();
    BackupSource source = backup.getSpec().source;
    List<String> command = new ArrayList<>(List.of("lifeboat", "backup-manager",
        purpose == JobPurpose.VERIFY ? "verify" : "backup", "--namespace", ns, "--name", name));
    if (purpose == JobPurpose.VERIFY) {
      command.addAll(snapshotHost(repository));
    }
    List<Volume> volumes = new ArrayList<>(JobEnvironment.scratchVolumes());
    List<VolumeMount> mounts = new ArrayList<>(JobEnvironment.scratchMounts());
    if (purpose == JobPurpose.BACKUP) {
      if (source.isClaim()) {
        command.addAll(List.of("--path", dataMount(source.pvc)));
      }
      if (copyTime != null) {
        command.addAll(List.of("--time", copyTime));
      }
      // The snapshot's tags travel with the Job: the manager needs no API read to start.
      List<String> tags = new ArrayList<>(List.of("backup=" + name));
      tags.addAll(SourceTags.of(source));
      tags.addAll(backup.getSpec().tags);
      for (String tag : tags) {
        command.addAll(List.of("--tag", tag));
      }
      if (source.isClaim()) {
        volumes.add(new VolumeBuilder().withName("data").withNewPersistentVolumeClaim()
            .withClaimName(copyClaim != null ? copyClaim : source.pvc).withReadOnly(true).endPersistentVolumeClaim().build());
        mounts.add(new VolumeMountBuilder().withName("data").withMountPath(dataMount(source.pvc)).withReadOnly(true).build());
      } else {
        command.addAll(List.of("--source", SourceArgument.encode(source)));
      }
    }
    Job job = job(backup, "Backup", purpose, jobName, repository, command, volumes, mounts,
        backup.getSpec().backoffLimitOrDefault(), backup.getSpec().ttlOrDefault(),
        Durations.jobDeadlineSeconds(backup.getSpec().timeout));
    if (purpose == JobPurpose.BACKUP) {
      SourceEnvironment.apply(job, source, false);
    }
    return job;
  }

  /**
   * A Restore's Jobs: the snapshot check (no volume), the restore and the prune (cleanup after a
   * failure or abort, {@code --abort=true}), both with the target claim mounted read-write.
   */
  public Job restoreJob(Restore restore, Repository repository, JobPurpose purpose, String jobName, String snapshotId,
      String targetPvc, BackupSource application, String streamFile) {
    return restoreJob(restore, repository, purpose, jobName, snapshotId, targetPvc, application, streamFile, null, true);
  }

  /**
   * @param capacity the target claim's size in bytes, for the room checks (null: unknown)
   * @param checkMountsTarget whether the check Job mounts the target to measure its room before anything stops: not
   *     while pods use the claim (a ReadWriteOnce volume in use on another node cannot be attached to a second one;
   *     the restore Job, which runs once they are stopped, measures it then, before it writes anything)
   */
  public Job restoreJob(Restore restore, Repository repository, JobPurpose purpose, String jobName, String snapshotId,
      String targetPvc, BackupSource application, String streamFile, Long capacity, boolean checkMountsTarget) {
    String ns = restore.getMetadata().getNamespace();
    List<String> command = new ArrayList<>(List.of("lifeboat", "backup-manager",
        purpose == JobPurpose.SNAPSHOT_CHECK ? "snapshot-check" : "restore", "--namespace", ns,
        "--name", restore.getMetadata().getName(), "--snapshot", String.valueOf(snapshotId)));
    List<Volume> volumes = new ArrayList<>(JobEnvironment.scratchVolumes());
    List<VolumeMount> mounts = new ArrayList<>(JobEnvironment.scratchMounts());
    String asFile = restore.getSpec().target == null ? null : restore.getSpec().target.file;
    if (purpose == JobPurpose.SNAPSHOT_CHECK) {
      command.addAll(snapshotHost(repository));
      // What the snapshot must hold for its target: a claim's files, or (target.file) one application stream; and
      // for an application, that it answers at all (before anything is stopped).
      command.addAll(List.of("--holds", asFile == null && application == null ? "files" : "stream"));
      if (application != null && application.endpoint() != null) {
        command.addAll(List.of("--reach", application.endpoint(), "--target", application.target()));
      }
      if (application == null && targetPvc != null && checkMountsTarget) {
        // Is there room for the snapshot beside what the claim holds (read-only: the check writes nothing)?
        command.addAll(List.of("--room-in", TARGET_MOUNT));
        if (capacity != null) {
          command.addAll(List.of("--capacity", String.valueOf(capacity)));
        }
        volumes.add(new VolumeBuilder().withName("target").withNewPersistentVolumeClaim().withClaimName(targetPvc)
            .withReadOnly(true).endPersistentVolumeClaim().build());
        mounts.add(new VolumeMountBuilder().withName("target").withMountPath(TARGET_MOUNT).withReadOnly(true).build());
      }
    }
    if (purpose != JobPurpose.SNAPSHOT_CHECK && application != null) {
      // The file keeps the backup's name when the target differs (--to-database).
      command.addAll(List.of("--source", SourceArgument.encode(application), "--file", streamFile));
      if (purpose == JobPurpose.PRUNE) {
        command.add("--abort=true");
      }
    } else if (purpose != JobPurpose.SNAPSHOT_CHECK) {
      command.addAll(List.of("--path", TARGET_MOUNT, "--mode", restore.getSpec().modeOrDefault().name()));
      if (asFile != null) {
        command.addAll(List.of("--as-file", asFile));
      }
      if (purpose == JobPurpose.RESTORE && capacity != null && asFile == null) {
        command.addAll(List.of("--capacity", String.valueOf(capacity)));
      }
      if (purpose == JobPurpose.PRUNE) {
        command.add("--abort=true");
      }
      volumes.add(new VolumeBuilder().withName("target").withNewPersistentVolumeClaim().withClaimName(targetPvc)
          .endPersistentVolumeClaim().build());
      mounts.add(new VolumeMountBuilder().withName("target").withMountPath(TARGET_MOUNT).build());
    }
    int backoff = restore.getSpec().backoffLimit == null ? 2 : restore.getSpec().backoffLimit;
    Job job = job(restore, "Restore", purpose, jobName, repository, command, volumes, mounts,
        purpose == JobPurpose.RESTORE ? backoff : 2, 86_400, Durations.jobDeadlineSeconds(restore.getSpec().timeout));
    if (purpose == JobPurpose.RESTORE && application != null) {
      SourceEnvironment.apply(job, application, true);
    } else if (purpose == JobPurpose.PRUNE && application != null && application.kind() != BackupSource.Kind.command) {
      SourceEnvironment.apply(job, application, true); // the tool's own clean-up (br abort restore) needs its secrets
    }
    return job;
  }

  /** The Job that probes a Repository and creates it when its init policy allows. */
  public Job initJob(Repository repository, String jobName) {
    List<String> command = List.of("lifeboat", "backup-manager", "repository-init",
        "--namespace", repository.getMetadata().getNamespace(), "--name", repository.getMetadata().getName());
    int backoff = repository.getSpec().backoffLimit == null ? 2 : repository.getSpec().backoffLimit;
    return job(repository, "Repository", JobPurpose.REPOSITORY_INIT, jobName, repository, command,
        JobEnvironment.scratchVolumes(), JobEnvironment.scratchMounts(), backoff, 86_400,
        Durations.jobDeadlineSeconds(null));
  }

  /**
   * A Repository key Job ({@code backup-manager key --op list|add|remove}): the repository's password from its Secret,
   * as every Job; for {@code add} the new password too, from {@code newPasswordSecret} (key {@code password}).
   */
  public Job keyJob(Repository repository, String jobName, String op, String keyId, String newPasswordSecret) {
    List<String> command = new ArrayList<>(List.of("lifeboat", "backup-manager", "key",
        "--namespace", repository.getMetadata().getNamespace(), "--name", repository.getMetadata().getName(),
        "--op", op));
    if (keyId != null) {
      command.addAll(List.of("--key-id", keyId));
    }
    Job job = job(repository, "Repository", JobPurpose.KEY, jobName, repository, command,
        JobEnvironment.scratchVolumes(), JobEnvironment.scratchMounts(), 0, 3_600, 600);
    if (newPasswordSecret != null) {
      job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().add(new EnvVarBuilder()
          .withName("RESTIC_NEW_PASSWORD").withNewValueFrom().withNewSecretKeyRef().withName(newPasswordSecret)
          .withKey("password").endSecretKeyRef().endValueFrom().build());
    }
    return job;
  }

  /** The Job that forgets a batch of snapshots in a Repository (their Backups were deleted). */
  public Job forgetJob(Repository repository, String jobName, List<String> snapshotIds) {
    List<String> command = new ArrayList<>(List.of("lifeboat", "backup-manager", "forget",
        "--namespace", repository.getMetadata().getNamespace(), "--name", repository.getMetadata().getName()));
    snapshotIds.forEach(id -> command.addAll(List.of("--snapshot", id)));
    Job job = job(repository, "Repository", JobPurpose.FORGET, jobName, repository, command,
        JobEnvironment.scratchVolumes(), JobEnvironment.scratchMounts(), 2, 3_600, Durations.jobDeadlineSeconds("1h"));
    job.getMetadata().getAnnotations().put(Labels.SNAPSHOTS, String.join(",", snapshotIds));
    return job;
  }

  /** A Repository's maintenance Job: {@code backup-manager maintain --task T} ({@link MaintenanceCommand}). */
  public Job maintenanceJob(Repository repository, String jobName, MaintenanceRun run,
      List<String> liveHosts, List<String> goneJobs, Instant locksBefore) {
    List<String> command = MaintenanceCommand.of(repository, jobName, run, liveHosts, goneJobs, locksBefore,
        snapshotHost(repository));
    Job job = job(repository, "Repository", JobPurpose.MAINTENANCE, jobName, repository, command,
        JobEnvironment.scratchVolumes(), JobEnvironment.scratchMounts(), 1, 86_400, Durations.jobDeadlineSeconds(null));
    job.getMetadata().getLabels().put(Labels.COMPONENT, run.task.name());
    return job;
  }

  /**
   * The Job that removes a Repository's data before the object goes (deletionPolicy Delete): a
   * local repository's folder entirely; elsewhere every snapshot is forgotten and pruned.
   */
  public Job deleteDataJob(Repository repository, String jobName, boolean ownSnapshotsOnly) {
    List<String> command = new ArrayList<>(List.of("lifeboat", "backup-manager", "delete-data",
        "--namespace", repository.getMetadata().getNamespace(), "--name", repository.getMetadata().getName()));
    if (ownSnapshotsOnly) {
      command.add("--own-snapshots-only"); // other namespaces' Repositories name the URL (RepositoryDeletion)
    }
    Job job = job(repository, "Repository", JobPurpose.DELETE_DATA, jobName, repository, command,
        JobEnvironment.scratchVolumes(), JobEnvironment.scratchMounts(), 2, 3_600, Durations.jobDeadlineSeconds(null));
    // The Repository is going: the Job must outlive it long enough to report, so it is not owned by it.
    job.getMetadata().setOwnerReferences(List.of());
    return job;
  }

  /**
   * The Job that shuts down or wakes a HibernatePlan's cloud target: {@code lifeboat hibernate-manager}
   * with the target's credentials (its {@code parameters.credentialsSecret} as environment, or the
   * pod's web identity): the controller never holds them. No retries of its own: the plan counts
   * attempts and pauses between them.
   */
  public Job hibernateJob(HasMetadata plan, String target, String op, String cycleId, boolean restore, String jobName,
      String stepLabel, String credentialsSecret) {
    List<String> command = new ArrayList<>(List.of("lifeboat", "hibernate-manager", op, "--namespace",
        plan.getMetadata().getNamespace(), "--name", plan.getMetadata().getName(), "--target", target, "--cycle", cycleId));
    if (restore) {
      command.add("--restore");
    }
    Job job = job(plan, "HibernatePlan", JobPurpose.HIBERNATE, jobName, null, command, List.of(
        new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build()),
        List.of(new VolumeMountBuilder().withName("tmp").withMountPath(TMP_MOUNT).build()), 0, 86_400, 900);
    job.getMetadata().getLabels().put(Labels.HIBERNATE_STEP, stepLabel);
    if (credentialsSecret != null && !credentialsSecret.isBlank()) {
      job.getSpec().getTemplate().getSpec().getContainers().get(0).setEnvFrom(List.of(new EnvFromSourceBuilder()
          .withNewSecretRef().withName(credentialsSecret).endSecretRef().build()));
    }
    return job;
  }

  /**
   * The Job template of a Schedule's CronJob: {@code lifeboat backup create --from-schedule NAME
   * --wait} (no repository access: it only creates Backups, and drives them when no controller runs).
   */
  Job scheduleRunJob(HasMetadata schedule, String jobName, long deadlineSeconds) {
    List<String> command = List.of("lifeboat", "backup", "create", "--from-schedule", schedule.getMetadata().getName(),
        "--namespace", schedule.getMetadata().getNamespace(), "--wait", "--timeout", deadlineSeconds + "s");
    Job job = job(schedule, "Schedule", JobPurpose.SCHEDULE_RUN, jobName, null, command, List.of(
        new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build()),
        List.of(new VolumeMountBuilder().withName("tmp").withMountPath(TMP_MOUNT).build()), 0, 86_400,
        deadlineSeconds + 60);
    job.getSpec().getTemplate().getSpec().setServiceAccountName(JobSettings.SCHEDULER_SERVICE_ACCOUNT);
    return job;
  }

  Job job(HasMetadata owner, String ownerKind, JobPurpose purpose, String jobName, Repository repository,
      List<String> command, List<Volume> volumes, List<VolumeMount> mounts, int backoffLimit, int ttlSeconds,
      long deadlineSeconds) {
    Map<String, String> labels = OwnerLabels.ofJob(ownerKind, owner.getMetadata().getName(), purpose);
    if (repository != null) {
      labels.put(Labels.REPOSITORY, JobNames.labelValue(repository.getMetadata().getName()));
    }
    Container container = new ContainerBuilder()
        .withName("lifeboat")
        .withImage(settings.image())
        .withImagePullPolicy(settings.imagePullPolicy())
        .withCommand(command)
        .withEnv(repository == null ? List.of(new EnvVar("HOME", TMP_MOUNT, null)) : JobEnvironment.env(repository))
        .withEnvFrom(repository == null ? List.of() : JobEnvironment.envFrom(repository, purpose))
        .withVolumeMounts(concat(mounts, JobEnvironment.caMounts(repository)))
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .withNewResources()
          .addToRequests("cpu", new Quantity("100m"))
          .addToRequests("memory", new Quantity("128Mi"))
        .endResources()
        .withNewSecurityContext()
          .withRunAsNonRoot(true)
          .withReadOnlyRootFilesystem(true)
          .withAllowPrivilegeEscalation(false)
          .withNewCapabilities().withDrop("ALL").endCapabilities()
          .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .endSecurityContext()
        .build();
    Job built = new JobBuilder()
        .withNewMetadata()
          .withName(jobName)
          .withNamespace(owner.getMetadata().getNamespace())
          .withLabels(labels)
          .addToAnnotations(Labels.OWNER_NAME, owner.getMetadata().getName())
          .withOwnerReferences(new OwnerReferenceBuilder()
              .withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
              .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
              .withController(true).withBlockOwnerDeletion(true).build())
        .endMetadata()
        .withNewSpec()
          .withBackoffLimit(backoffLimit)
          // Every run is bounded: a tool that hangs (restic retrying a missing pack for many minutes) ends the Job.
          .withActiveDeadlineSeconds(deadlineSeconds)
          // A damaged repository (the manager's exit code 42) fails the Job at once: retrying cannot bring data back.
          .withNewPodFailurePolicy()
            .addNewRule().withAction("FailJob").withNewOnExitCodes().withContainerName("lifeboat").withOperator("In")
              .withValues(JobReportCodec.NO_RETRY_EXIT_CODE).endOnExitCodes().endRule()
          .endPodFailurePolicy()
          .withTtlSecondsAfterFinished(ttlSeconds)
          .withNewTemplate()
            .withNewMetadata().withLabels(labels).endMetadata()
            .withNewSpec()
              .withRestartPolicy("Never")
              .withServiceAccountName(settings.serviceAccount())
              .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(NON_ROOT_UID)
                .withRunAsGroup(NON_ROOT_UID)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
              .endSecurityContext()
              .withContainers(container)
              .withVolumes(concat(volumes, JobEnvironment.caVolumes(repository)))
            .endSpec()
          .endTemplate()
        .endSpec()
        .build();
    return CacheClaims.limited(JobPods.apply(built, JobTemplate.merge(JobTemplate.merge(ownTemplate(owner),
        repository == null ? null : repository.getSpec().jobTemplate), settings.jobDefaults())), repository);
  }

  /** A Backup's or Restore's own jobTemplate (over its Repository's). */
  private static JobTemplate ownTemplate(HasMetadata owner) {
    if (owner instanceof Backup backup) {
      return backup.getSpec().jobTemplate;
    }
    return owner instanceof Restore restore ? restore.getSpec().jobTemplate : null;
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    if (b.isEmpty()) {
      return a;
    }
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
