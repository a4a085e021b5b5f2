package dev.lifeboat.jobs;

import dev.lifeboat.api.BackupSource;
import dev.lifeboat.api.Drill;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.Durations;
import dev.lifeboat.api.Labels;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A Drill's own objects: its scratch claim and its verify Job, both owned by it (deleted with it). */
public final class DrillObjects {
  /** The variable that tells a verify command where the restored files are. */
  public static final String DRILL_PATH_ENV = "DRILL_PATH";

  private DrillObjects() {}

  /**
   * An empty claim for the restore: ReadWriteOnce (one Job at a time mounts it), labelled as a copy of {@code claim} so
   * that no Schedule selects it and 'lifeboat status' leaves it out.
   */
  public static PersistentVolumeClaim scratchClaim(Drill drill, String name, String claim, String size,
      String storageClass) {
    Map<String, String> labels = OwnerLabels.of("Drill", drill.getMetadata().getName());
    labels.put(Labels.COPY_OF, JobNames.labelValue(claim));
    return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name)
        .withNamespace(drill.getMetadata().getNamespace()).withLabels(labels).withOwnerReferences(owner(drill))
        .endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName(storageClass)
        .withNewResources().addToRequests("storage", new Quantity(size)).endResources().endSpec().build();
  }

  /**
   * The verify command in lifeboat's image, with the restored claim mounted read-only at the path the backup read
   * it from ({@code /data/<claim>}, also in {@code $DRILL_PATH}), so a check written for the application's paths fits.
   */
  public static Job verifyJob(JobFactory jobs, Drill drill, String jobName, String scratch, String claim) {
    String path = JobFactory.dataMount(claim);
    Job job = jobs.job(drill, "Drill", JobPurpose.DRILL_VERIFY, jobName, null, drill.getSpec().verifyCommand,
        List.of(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build(),
            new VolumeBuilder().withName("data").withNewPersistentVolumeClaim().withClaimName(scratch)
                .withReadOnly(true).endPersistentVolumeClaim().build()),
        List.of(new VolumeMountBuilder().withName("tmp").withMountPath(JobFactory.TMP_MOUNT).build(),
            new VolumeMountBuilder().withName("data").withMountPath(path).withReadOnly(true).build()),
        0, 86_400, Durations.jobDeadlineSeconds(drill.getSpec().timeout));
    job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().add(new EnvVar(DRILL_PATH_ENV, path, null));
    // The user's command gets no API token: the Jobs' account may write status it has no business with.
    job.getSpec().getTemplate().getSpec().setAutomountServiceAccountToken(false);
    return notBlocking(job);
  }

  /**
   * A PostgreSQL drill's Job ({@code backup-manager drill-postgres}): the restore into the scratch database and its
   * check ({@code DRILL_RESTORE}), or the drop of a failed drill's kept scratch ({@code DRILL_CLEANUP}). It reads the
   * repository and reaches the server with the Backup's own credentials, as a restore's Job does.
   */
  public static Job databaseJob(JobFactory jobs, Drill drill, String jobName, JobPurpose purpose, Repository repository,
      BackupSource source, String snapshotId, String scratchDatabase) {
    List<String> command = new ArrayList<>(List.of("lifeboat", "backup-manager", "drill-postgres", "--namespace",
        drill.getMetadata().getNamespace(), "--name", drill.getMetadata().getName(), "--source",
        SourceArgument.encode(source), "--scratch-database", scratchDatabase));
    if (purpose == JobPurpose.DRILL_CLEANUP) {
      command.add("--drop-only");
    } else {
      command.addAll(List.of("--snapshot", String.valueOf(snapshotId), "--file", source.streamFile()));
      if (drill.getSpec().checkQuery != null) {
        command.addAll(List.of("--check-query", drill.getSpec().checkQuery));
      }
    }
    Job job = jobs.job(drill, "Drill", purpose, jobName, purpose == JobPurpose.DRILL_CLEANUP ? null : repository, command,
        JobEnvironment.scratchVolumes(), JobEnvironment.scratchMounts(), purpose == JobPurpose.DRILL_CLEANUP ? 2 : 0,
        86_400, Durations.jobDeadlineSeconds(drill.getSpec().timeout));
    SourceEnvironment.apply(job, source, true);
    return notBlocking(job);
  }

  /**
   * A Drill's deletion need not wait for its Jobs (the garbage collector takes them, and nothing of the application's
   * is at stake), so they do not block it: creating them then needs no {@code drills/finalizers} right.
   */
  private static Job notBlocking(Job job) {
    job.getMetadata().getOwnerReferences().forEach(o -> o.setBlockOwnerDeletion(false));
    return job;
  }

  private static OwnerReference owner(Drill drill) {
    return new OwnerReferenceBuilder().withApiVersion(drill.getApiVersion()).withKind(drill.getKind())
        .withName(drill.getMetadata().getName()).withUid(drill.getMetadata().getUid()).withController(true)
        .withBlockOwnerDeletion(false).build();
  }
}
