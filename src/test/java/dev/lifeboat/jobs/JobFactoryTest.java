package dev.lifeboat.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupSource;
import dev.lifeboat.api.BackupSpec;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.RepositorySpec;
import dev.lifeboat.api.SecretKeyRef;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobFactoryTest {
  private static final String PLANTED_PASSWORD = "planted-secret-value-7f3a";
  private final JobFactory factory = new JobFactory(new JobSettings("lifeboat:test", "lifeboat-manager", "IfNotPresent"));

  private static Repository repository() {
    Repository r = new Repository();
    r.getMetadata().setName("repo");
    r.getMetadata().setNamespace("prod");
    r.getMetadata().setUid("uid-repo");
    r.setSpec(new RepositorySpec());
    r.getSpec().url = "s3:http://127.0.0.1:9000/bucket";
    r.getSpec().passwordSecretRef = new SecretKeyRef("repo-restic", "password");
    r.getSpec().credentialsSecret = "s3-credentials";
    return r;
  }

  private static Backup backup(String name) {
    Backup b = new Backup();
    b.getMetadata().setName(name);
    b.getMetadata().setNamespace("prod");
    b.getMetadata().setUid("uid-backup");
    b.setSpec(new BackupSpec());
    b.getSpec().repository = "repo";
    b.getSpec().source = new BackupSource("data");
    b.getSpec().backoffLimit = 4;
    return b;
  }

  @Test
  void aBackupReadsItsClaimAtItsOwnPathWithNoFsGroupAndAsItsMover() {
    Job job = factory.backupJob(backup("nightly"), repository(), JobPurpose.BACKUP, "nightly-backup");
    var pod = job.getSpec().getTemplate().getSpec();
    assertEquals(null, pod.getSecurityContext().getFsGroup(), "the kubelet would change the group of every file");
    assertEquals("/data/data", pod.getContainers().get(0).getVolumeMounts().stream()
        .filter(m -> m.getName().equals("data")).findFirst().orElseThrow().getMountPath());
    dev.lifeboat.lifecycle.mover.MoverIdentity privileged = dev.lifeboat.lifecycle.mover.MoverIdentity.choose(null, null,
        "prod", true, null, dev.lifeboat.lifecycle.mover.MoverIdentity.Access.READ).identity();
    MoverPods.apply(job, privileged);
    assertEquals(0L, pod.getSecurityContext().getRunAsUser());
    assertEquals(false, pod.getSecurityContext().getRunAsNonRoot());
    var container = pod.getContainers().get(0).getSecurityContext();
    assertEquals(List.of("ALL"), container.getCapabilities().getDrop());
    assertEquals(List.of("DAC_READ_SEARCH"), container.getCapabilities().getAdd());
    assertEquals(false, container.getAllowPrivilegeEscalation());
    assertEquals(true, container.getReadOnlyRootFilesystem());
  }

  @Test
  void aCopysJobReadsTheTemporaryClaimWhereTheClaimWouldBeAndDatesTheSnapshotAtTheCopy() {
    Job job = factory.backupJob(backup("nightly"), repository(), JobPurpose.BACKUP, "nightly-backup", "nightly-copy",
        "2026-12-03T10:00:01Z");
    var pod = job.getSpec().getTemplate().getSpec();
    assertEquals("nightly-copy", pod.getVolumes().stream().filter(v -> v.getName().equals("data")).findFirst()
        .orElseThrow().getPersistentVolumeClaim().getClaimName());
    assertEquals("/data/data", pod.getContainers().get(0).getVolumeMounts().stream()
        .filter(m -> m.getName().equals("data")).findFirst().orElseThrow().getMountPath(),
        "the snapshot's paths are the claim's: the next backup's parent is found");
    List<String> args = new java.util.ArrayList<>(pod.getContainers().get(0).getCommand());
    args.addAll(pod.getContainers().get(0).getArgs() == null ? List.of() : pod.getContainers().get(0).getArgs());
    int time = args.indexOf("--time");
    assertEquals("2026-12-03T10:00:01Z", args.get(time + 1));
    assertTrue(args.contains("pvc=data"), "tagged with the claim, not the copy: " + args);
  }

  @Test
  void backupJobHasItsDeterministicNameLabelsAndLimits() {
    Job job = factory.backupJob(backup("nightly"), repository(), JobPurpose.BACKUP, "nightly-backup");
    assertEquals("nightly-backup", job.getMetadata().getName());
    assertEquals("lifeboat", job.getMetadata().getLabels().get(Labels.MANAGED_BY));
    assertEquals("Backup", job.getMetadata().getLabels().get(Labels.OWNER_KIND));
    assertEquals("nightly", job.getMetadata().getLabels().get(Labels.OWNER_NAME));
    assertEquals(job.getMetadata().getLabels(), job.getSpec().getTemplate().getMetadata().getLabels());
    assertEquals(4, job.getSpec().getBackoffLimit());
    assertEquals(86_400, job.getSpec().getTtlSecondsAfterFinished());
    assertEquals("uid-backup", job.getMetadata().getOwnerReferences().get(0).getUid());
    assertEquals("Never", job.getSpec().getTemplate().getSpec().getRestartPolicy());
    Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals(List.of("lifeboat", "backup-manager", "backup", "--namespace", "prod", "--name", "nightly", "--path", "/data/data", "--tag", "backup=nightly", "--tag", "pvc=data"),
        c.getCommand());
    assertEquals("FallbackToLogsOnError", c.getTerminationMessagePolicy());
  }

  @Test
  void defaultsApplyWhenSpecIsSilent() {
    Backup b = backup("nightly");
    b.getSpec().backoffLimit = null;
    Job job = factory.backupJob(b, repository(), JobPurpose.BACKUP, "nightly-backup");
    assertEquals(2, job.getSpec().getBackoffLimit());
  }

  @Test
  void podRunsNonRootReadOnlyWithNoCapabilities() {
    Job job = factory.backupJob(backup("nightly"), repository(), JobPurpose.BACKUP, "nightly-backup");
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertTrue(pod.getSecurityContext().getRunAsNonRoot());
    assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
    Container c = pod.getContainers().get(0);
    assertTrue(c.getSecurityContext().getRunAsNonRoot());
    assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem());
    assertFalse(c.getSecurityContext().getAllowPrivilegeEscalation());
    assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop());
    assertEquals("RuntimeDefault", c.getSecurityContext().getSeccompProfile().getType());
    assertTrue(pod.getVolumes().stream().anyMatch(v -> v.getPersistentVolumeClaim() != null
        && v.getPersistentVolumeClaim().getClaimName().equals("data") && v.getPersistentVolumeClaim().getReadOnly()));
  }

  @Test
  void secretsReachTheJobOnlyAsReferences() {
    Job job = factory.backupJob(backup("nightly"), repository(), JobPurpose.BACKUP, "nightly-backup");
    Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    EnvVar password = c.getEnv().stream().filter(e -> e.getName().equals("RESTIC_PASSWORD")).findFirst().orElseThrow();
    assertNull(password.getValue());
    assertEquals("repo-restic", password.getValueFrom().getSecretKeyRef().getName());
    assertEquals("password", password.getValueFrom().getSecretKeyRef().getKey());
    assertEquals("s3-credentials", c.getEnvFrom().get(0).getSecretRef().getName());
    String yaml = Serialization.asYaml(job);
    assertFalse(yaml.contains(PLANTED_PASSWORD));
    assertFalse(yaml.toLowerCase().contains("aws_secret"), "credentials come from envFrom only");
  }

  @Test
  void longBackupNamesGiveValidJobNamesAndLabels() {
    String longName = "weekly-full-backup-of-the-customer-database-volume-" + "x".repeat(40);
    String jobName = JobNames.jobName(longName, JobPurpose.BACKUP);
    Job job = factory.backupJob(backup(longName), repository(), JobPurpose.BACKUP, jobName);
    assertTrue(job.getMetadata().getName().length() <= 63);
    assertTrue(job.getMetadata().getLabels().get(Labels.OWNER_NAME).length() <= 63);
    assertEquals(longName, job.getMetadata().getAnnotations().get(Labels.OWNER_NAME));
  }

  @Test
  void jobsRunWithAUtf8LocaleSoUnicodeFileNamesWork() {
    Job job = factory.backupJob(backup("nightly"), repository(), JobPurpose.BACKUP, "nightly-backup");
    assertTrue(job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .anyMatch(e -> e.getName().equals("LANG") && e.getValue().equals("C.UTF-8")));
  }

  @Test
  void verifyJobMountsNoData() {
    Job job = factory.backupJob(backup("nightly"), repository(), JobPurpose.VERIFY, "nightly-verify");
    assertTrue(job.getSpec().getTemplate().getSpec().getVolumes().stream().noneMatch(v -> v.getPersistentVolumeClaim() != null));
    assertEquals("verify", job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand().get(2));
  }

  @Test
  void initJobChecksTheRepository() {
    Job job = factory.initJob(repository(), "repo-init-g1");
    assertEquals(List.of("lifeboat", "backup-manager", "repository-init", "--namespace", "prod", "--name", "repo"),
        job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand());
    assertEquals("Repository", job.getMetadata().getLabels().get(Labels.OWNER_KIND));
  }

  private static dev.lifeboat.api.Restore restore() {
    dev.lifeboat.api.Restore r = new dev.lifeboat.api.Restore();
    r.getMetadata().setName("r1");
    r.getMetadata().setNamespace("prod");
    r.getMetadata().setUid("uid-restore");
    r.setSpec(new dev.lifeboat.api.RestoreSpec());
    r.getSpec().backup = "nightly";
    r.getSpec().timeout = "20m";
    return r;
  }

  /** The restore Job writes into the target claim; the prune Job is the same manager with --abort=true. */
  @Test
  void restorePruneAndCheckJobsOfARestore() {
    Job restoreJob = factory.restoreJob(restore(), repository(), dev.lifeboat.lifecycle.JobPurpose.RESTORE, "r1-restore",
        "c25a6733", "target", null, null);
    List<String> command = restoreJob.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand();
    assertEquals(List.of("lifeboat", "backup-manager", "restore", "--namespace", "prod", "--name", "r1", "--snapshot",
        "c25a6733", "--path", JobFactory.TARGET_MOUNT, "--mode", "Replace"), command);
    var target = restoreJob.getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getPersistentVolumeClaim() != null).findFirst().orElseThrow();
    assertEquals("target", target.getPersistentVolumeClaim().getClaimName());
    assertTrue(target.getPersistentVolumeClaim().getReadOnly() == null || !target.getPersistentVolumeClaim().getReadOnly(),
        "a restore writes into its target");
    assertEquals(1200L, restoreJob.getSpec().getActiveDeadlineSeconds(), "spec.timeout 20m bounds the Job");
    assertEquals(2, restoreJob.getSpec().getBackoffLimit());

    Job prune = factory.restoreJob(restore(), repository(), dev.lifeboat.lifecycle.JobPurpose.PRUNE, "r1-prune",
        "c25a6733", "target", null, null);
    List<String> pruneCommand = prune.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand();
    assertEquals("--abort=true", pruneCommand.get(pruneCommand.size() - 1));
    assertTrue(pruneCommand.contains("restore"));
    assertEquals(1200L, prune.getSpec().getActiveDeadlineSeconds());

    Job check = factory.restoreJob(restore(), repository(), dev.lifeboat.lifecycle.JobPurpose.SNAPSHOT_CHECK, "r1-check",
        "c25a6733", "target", null, null, 1L << 30, true);
    List<String> checkCommand = check.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand();
    assertEquals("snapshot-check", checkCommand.get(2));
    assertTrue(String.join(" ", checkCommand).contains("--holds files --room-in " + JobFactory.TARGET_MOUNT
        + " --capacity 1073741824"), checkCommand.toString());
    var checkClaims = check.getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getPersistentVolumeClaim() != null).toList();
    assertEquals(1, checkClaims.size(), "the check mounts the target, to measure its room");
    assertEquals(Boolean.TRUE, checkClaims.get(0).getPersistentVolumeClaim().getReadOnly(), "read-only: it writes nothing");
    // While pods use the claim (maybe on another node: a RWO volume attaches to one), the check leaves it alone and
    // the restore Job measures the room once they are stopped, before it writes.
    Job inUse = factory.restoreJob(restore(), repository(), dev.lifeboat.lifecycle.JobPurpose.SNAPSHOT_CHECK, "r1-check",
        "c25a6733", "target", null, null, 1L << 30, false);
    assertTrue(inUse.getSpec().getTemplate().getSpec().getVolumes().stream().noneMatch(v -> v.getPersistentVolumeClaim() != null));
    assertTrue(!String.join(" ", inUse.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
        .contains("--room-in"));
    Job restoring = factory.restoreJob(restore(), repository(), dev.lifeboat.lifecycle.JobPurpose.RESTORE, "r1-restore",
        "c25a6733", "target", null, null, 1L << 30, false);
    assertTrue(String.join(" ", restoring.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
        .contains("--capacity 1073741824"), "the restore Job checks the room before it writes");
    assertEquals("Restore", restoreJob.getMetadata().getLabels().get("lifeboat.dev/owner-kind"));
  }

  @Test
  void aDamagedRepositoryFailsTheJobWithoutRetries() {
    var rules = factory.restoreJob(restore(), repository(), dev.lifeboat.lifecycle.JobPurpose.RESTORE, "r1-restore",
        "c25a6733", "target", null, null).getSpec().getPodFailurePolicy().getRules();
    assertEquals(1, rules.size());
    assertEquals("FailJob", rules.get(0).getAction());
    assertEquals(List.of(dev.lifeboat.jobs.JobReportCodec.NO_RETRY_EXIT_CODE), rules.get(0).getOnExitCodes().getValues());
    assertEquals("In", rules.get(0).getOnExitCodes().getOperator());
  }

  @Test
  void everyJobIsBoundedByDefault() {
    assertEquals(4 * 3600L, factory.backupJob(backup("nightly"), repository(), dev.lifeboat.lifecycle.JobPurpose.BACKUP,
        "nightly-backup").getSpec().getActiveDeadlineSeconds());
    assertEquals(4 * 3600L, factory.initJob(repository(), "repo-init-g1").getSpec().getActiveDeadlineSeconds());
  }

  /**
   * An application backup's Job: the source as one JSON argument (Secret names only), the password
   * as an env var from a Secret ref, no claim mounted; a command source may bring its own image.
   */
  @Test
  void anApplicationBackupJobCarriesRefsNotValues() {
    Backup b = backup("pg");
    b.getSpec().source = new dev.lifeboat.api.BackupSource();
    b.getSpec().source.postgres = new dev.lifeboat.api.PostgresSource();
    b.getSpec().source.postgres.host = "db";
    b.getSpec().source.postgres.database = "app";
    b.getSpec().source.postgres.user = "backup";
    b.getSpec().source.postgres.passwordSecretRef = new dev.lifeboat.api.SecretKeyRef("pg-creds", "pw");
    Job job = factory.backupJob(b, repository(), dev.lifeboat.lifecycle.JobPurpose.BACKUP, "pg-backup");
    var container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    List<String> command = container.getCommand();
    int source = command.indexOf("--source");
    assertTrue(source > 0, command.toString());
    assertEquals(b.getSpec().source.target(), SourceArgument.decode(command.get(source + 1)).target());
    assertTrue(command.containsAll(List.of("backup=pg", "source=postgres", "database=app")), command.toString());
    assertFalse(command.contains("--path"));
    assertTrue(job.getSpec().getTemplate().getSpec().getVolumes().stream().noneMatch(v -> v.getPersistentVolumeClaim() != null));
    var password = container.getEnv().stream().filter(e -> e.getName().equals("PGPASSWORD")).findFirst().orElseThrow();
    assertNull(password.getValue());
    assertEquals("pg-creds", password.getValueFrom().getSecretKeyRef().getName());
    assertEquals("pw", password.getValueFrom().getSecretKeyRef().getKey());

    Backup cmd = backup("dump");
    cmd.getSpec().source = new dev.lifeboat.api.BackupSource();
    cmd.getSpec().source.command = new dev.lifeboat.api.CommandSource();
    cmd.getSpec().source.command.command = List.of("mysqldump", "app");
    cmd.getSpec().source.command.image = "registry.example/lifeboat-mysql:1";
    Job cmdJob = factory.backupJob(cmd, repository(), dev.lifeboat.lifecycle.JobPurpose.BACKUP, "dump-backup");
    var containers = cmdJob.getSpec().getTemplate().getSpec().getContainers();
    assertEquals(1, containers.size());
    assertEquals("lifeboat:test", containers.get(0).getImage(), "restic and the repository's secrets stay in lifeboat's");
    var program = cmdJob.getSpec().getTemplate().getSpec().getInitContainers().get(0);
    assertEquals("source", program.getName());
    assertEquals("Always", program.getRestartPolicy(), "a native sidecar: the pod ends with lifeboat's container");
    assertEquals("registry.example/lifeboat-mysql:1", program.getImage());
    assertEquals(List.of("mysqldump", "app"), program.getArgs());
    assertTrue(program.getEnv().stream().noneMatch(e -> e.getName().startsWith("RESTIC_") || e.getValueFrom() != null),
        program.getEnv().toString());
    assertTrue(program.getEnvFrom() == null || program.getEnvFrom().isEmpty());
    assertTrue(program.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals(
        "/var/run/secrets/kubernetes.io/serviceaccount")), "an empty folder covers the account's token");
  }

  private static List<String> credentialSecrets(Job job) {
    var c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    return c.getEnvFrom() == null ? List.of() : c.getEnvFrom().stream().map(e -> e.getSecretRef().getName()).toList();
  }

  /** Ransomware: the credentials that write backups cannot delete them; each Job gets only what its purpose needs. */
  @Test
  void eachJobGetsOnlyTheCredentialsItsPurposeNeeds() {
    Repository r = repository();
    r.getSpec().maintenanceCredentialsSecret = "s3-delete";
    dev.lifeboat.api.MaintenanceRun prune = new dev.lifeboat.api.MaintenanceRun();
    prune.task = dev.lifeboat.api.MaintenanceTask.prune;
    var writes = List.of(factory.initJob(r, "repo-init"),
        factory.backupJob(backup("nightly"), r, JobPurpose.BACKUP, "nightly-backup"),
        factory.backupJob(backup("nightly"), r, JobPurpose.VERIFY, "nightly-verify"),
        factory.restoreJob(restore(), r, JobPurpose.RESTORE, "r1-restore", "abc", "data", null, null),
        factory.restoreJob(restore(), r, JobPurpose.SNAPSHOT_CHECK, "r1-check", "abc", "data", null, null));
    for (Job job : writes) {
      assertEquals(List.of("s3-credentials"), credentialSecrets(job), job.getMetadata().getName());
    }
    var deletes = List.of(factory.maintenanceJob(r, "repo-prune", prune, List.of(), List.of(), java.time.Instant.EPOCH),
        factory.forgetJob(r, "repo-forget", List.of("abc")), factory.deleteDataJob(r, "repo-delete-data", false),
        factory.keyJob(r, "repo-key", "list", null, null));
    for (Job job : deletes) {
      assertEquals(List.of("s3-delete"), credentialSecrets(job), job.getMetadata().getName());
    }
    r.getSpec().maintenanceCredentialsSecret = null;
    assertEquals(List.of("s3-credentials"), credentialSecrets(factory.forgetJob(r, "repo-forget", List.of("abc"))),
        "with one Secret, every Job has it (as before the split)");
  }

  /** A namespace's Repository sees its own snapshots only; lifeboat's own namespace may ask for the whole URL. */
  @Test
  void verifyAndSnapshotCheckJobsAreBoundToTheirNamespacesSnapshots() {
    Repository r = repository();
    List<String> verify = factory.backupJob(backup("nightly"), r, JobPurpose.VERIFY, "nightly-verify").getSpec()
        .getTemplate().getSpec().getContainers().get(0).getCommand();
    assertTrue(String.join(" ", verify).contains("--snapshot-host prod"), verify.toString());
    List<String> check = factory.restoreJob(restore(), r, JobPurpose.SNAPSHOT_CHECK, "r1-check", "abc", "data", null,
        null).getSpec().getTemplate().getSpec().getContainers().get(0).getCommand();
    assertTrue(String.join(" ", check).contains("--snapshot-host prod"), check.toString());
    r.getSpec().allNamespaces = true;
    assertTrue(String.join(" ", factory.backupJob(backup("nightly"), r, JobPurpose.VERIFY, "v").getSpec().getTemplate()
        .getSpec().getContainers().get(0).getCommand()).contains("--snapshot-host prod"),
        "allNamespaces outside lifeboat's namespace is not honoured");
    r.getMetadata().setNamespace("lifeboat-system");
    assertFalse(String.join(" ", factory.backupJob(backup("nightly"), r, JobPurpose.VERIFY, "v").getSpec()
        .getTemplate().getSpec().getContainers().get(0).getCommand()).contains("--snapshot-host"));
  }
}
