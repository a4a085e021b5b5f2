package dev.lifeboat.cli.backup;

import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.api.Durations;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupSource;
import dev.lifeboat.api.BackupSpec;
import dev.lifeboat.api.Repository;
import dev.lifeboat.lifecycle.backup.BackupLifecycle;
import dev.lifeboat.cli.MoverOptions;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.DurationConverter;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.cli.Secrets;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.cli.Validation;
import dev.lifeboat.cli.Waiter;
import dev.lifeboat.cli.schedule.ScheduleNow;
import dev.lifeboat.output.Ages;
import dev.lifeboat.output.OutputFormat;
import dev.lifeboat.output.Printer;
import dev.lifeboat.output.ProgressDisplay;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import dev.lifeboat.api.Labels;

/** {@code lifeboat backup create NAME --repository R --pvc P}, or {@code backup create --from-schedule S}. */
@Command(name = "create", description = {"Back up a PVC, or an application (PostgreSQL, OpenBao/Vault, TiDB, any"
        + " command's output), into a Repository.",
    "With --from-schedule S (no NAME, --repository or --pvc): one run of Schedule S now, one Backup per matching PVC,"
        + " as its cron would (what a mode-cronjob Schedule's CronJob runs)."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:created (with --wait: the backup is Ready)",
        "1:with --wait: the backup Failed (the reason is printed), or is Ready but incomplete (restic could not read"
            + " some files; the paths are printed) and --allow-incomplete was not given",
        "2:bad input: invalid name or tag, no or several sources, unknown repository, PVC or Secret, unreadable file,"
            + " a privileged mover where the namespace does not allow it,"
            + " name taken; nothing was created",
        "3:--wait timed out; the backup goes on",
        "5:the Kubernetes API could not be reached",
        "130:interrupted while waiting; the backup goes on"})
public final class BackupCreateCommand extends ClientCommand {
  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Name of the new Backup.")
  String name;

  @Option(names = "--repository", paramLabel = "R", description = "Repository (same namespace) to back up into.")
  String repository;

  @Option(names = "--pvc", paramLabel = "P", description = "PersistentVolumeClaim to back up.")
  String pvc;

  @Mixin
  ApplicationSourceOptions application;

  @Option(names = "--from-schedule", paramLabel = "S",
      description = "Run Schedule S once now instead (its repository, PVCs and template); prints the Backups created.")
  String fromSchedule;

  @Option(names = "--deletion-policy", paramLabel = "POLICY", defaultValue = "retain",
      description = "retain: deleting the Backup leaves its snapshot (default); delete: its snapshot is forgotten first.")
  String deletionPolicy;

  @Option(names = "--tag", paramLabel = "T", description = "Extra restic tag (repeatable).")
  List<String> tags = new ArrayList<>();

  @Option(names = "--backoff-limit", paramLabel = "N", description = "Retries of the Job's pod (default 2).")
  Integer backoffLimit;

  @Option(names = "--wait", description = "Wait until the backup is Ready or Failed; exit code tells which.")
  boolean wait;

  @Option(names = "--timeout", paramLabel = "DUR", converter = DurationConverter.class,
      description = "How long the backup Job may run (spec.timeout, its activeDeadlineSeconds; default 4h). "
          + "--wait gives up after this plus as much again, at most 5m more.")
  Duration timeout;

  @Option(names = "--start-timeout", paramLabel = "DUR", converter = DurationConverter.class,
      description = "How long a Job's pod may wait to start (be scheduled, attach its volume) before the run fails with"
          + " Kubernetes' reason (spec.startTimeout; default 10m).")
  Duration startTimeout;

  @picocli.CommandLine.Mixin
  dev.lifeboat.cli.JobTemplateOptions jobPods = new dev.lifeboat.cli.JobTemplateOptions();

  @Mixin
  MoverOptions mover = new MoverOptions();

  @Mixin
  dev.lifeboat.cli.CopyOptions copy = new dev.lifeboat.cli.CopyOptions();

  @Option(names = "--allow-incomplete", description = "With --wait: exit 0 even when restic could not read some files"
      + " (the Backup is Ready with an Incomplete condition). Without it such a backup exits 1: it is no protection.")
  boolean allowIncomplete;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "Print the Backup as yaml or json WITHOUT creating it.")
  OutputFormat output;

  @Override
  protected int run() {
    if (fromSchedule != null) {
      if (name != null || repository != null || pvc != null || application.given() || !tags.isEmpty() || backoffLimit != null || output != null
          || copy.given()) {
        throw UserException.usage("--from-schedule takes everything from the Schedule: give no NAME, --repository,"
            + " source (--pvc ...), --tag, --backoff-limit, copy or hook options, or -o with it");
      }
      return ScheduleNow.run(this, fromSchedule, wait, timeout);
    }
    Backup backup = build();
    if (output != null) {
      backup.getMetadata().setNamespace(kube().namespace);
      new Printer(out(), output, clock().instant()).printOne(backup, Kinds.columns(Backup.class));
      return ExitCodes.OK;
    }
    String ns = namespace();
    backup.getMetadata().setNamespace(ns);
    create(backup, ns);
    if (!wait) {
      out().println("backup.lifeboat.dev/" + name + " created");
      return ExitCodes.OK;
    }
    return waitFor(ns);
  }

  /**
   * The Backup these options describe, each field checked, no request made: what {@code -o yaml}
   * prints and what {@link #create} sends.
   */
  Backup build() {
    if (name == null || repository == null || (pvc == null && !application.given())) {
      throw UserException.usage("give NAME, --repository and what to back up (--pvc, --postgres, --openbao, --tidb or"
          + " --command), or --from-schedule S: e.g. lifeboat backup create nightly-1 --repository repo --pvc data");
    }
    Validation.objectName("Backup name", name);
    Validation.objectName("--repository", repository);
    BackupSource backupSource = application.build(name + "-source", pvc == null ? null : "--pvc");
    if (backupSource == null) {
      Validation.objectName("--pvc", pvc);
      backupSource = new BackupSource(pvc);
    }
    Validation.tags(tags);
    Validation.backoffLimit(backoffLimit);
    Validation.jobTimeout(timeout, "the backup Job");
    Validation.startTimeout(startTimeout);
    copy.check(backupSource.isClaim());
    if (output != null && output != OutputFormat.yaml && output != OutputFormat.json) {
      throw UserException.usage("-o on create takes yaml or json (it prints the object without creating it)");
    }
    Backup backup = new Backup();
    backup.getMetadata().setName(name);
    BackupSpec spec = new BackupSpec();
    spec.repository = repository;
    spec.source = backupSource;
    spec.tags = tags;
    spec.backoffLimit = backoffLimit;
    spec.timeout = timeout == null ? null : Durations.format(timeout);
    spec.startTimeout = startTimeout == null ? null : Durations.format(startTimeout);
    spec.jobTemplate = jobPods.build();
    spec.moverSecurityContext = mover.securityContext();
    spec.privilegedMover = mover.privileged();
    spec.deletionPolicy = Validation.deletionPolicy(deletionPolicy);
    spec.copyMethod = copy.method();
    spec.volumeSnapshotClassName = copy.snapshotClass();
    spec.hooks = copy.hooks();
    backup.setSpec(spec);
    if (spec.forgetsOnDelete()) {
      // As a Schedule's Backups: the finalizer holds the object until its snapshot is forgotten.
      backup.getMetadata().setFinalizers(List.of(Labels.FORGET_FINALIZER));
    }
    return backup;
  }

  /** Checks what the Backup names exists, then creates it (with the Secret of a source given as files), or says why not. */
  private void create(Backup backup, String ns) {
    BackupSource backupSource = backup.getSpec().source;
    if (client().resources(Repository.class).inNamespace(ns).withName(repository).get() == null) {
      throw UserException.usage("Repository \"" + repository + "\" not found in namespace " + ns
          + ": create it first (lifeboat repository create " + repository + " --url URL --password-file FILE)");
    }
    if (backupSource.pvc != null && client().persistentVolumeClaims().inNamespace(ns).withName(backupSource.pvc).get() == null) {
      throw UserException.usage("PersistentVolumeClaim \"" + backupSource.pvc + "\" not found in namespace " + ns
          + ": check the name (kubectl get pvc -n " + ns + ")");
    }
    application.checkNamedSecrets(client(), ns);
    application.checkImage(client(), ns, jobSettings());
    if (backupSource.pvc != null) {
      mover.checkAllowed(client(), ns);
    }
    if (client().resources(Backup.class).inNamespace(ns).withName(name).get() != null) {
      throw nameTaken(ns);
    }
    try {
      Secrets.createWithSecret(client(), ns, name + "-source", application.fileSecrets,
          "delete it, or pass the Secret by name instead of a file",
          () -> client().resources(Backup.class).inNamespace(ns).resource(backup).create());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 422 || e.getCode() == 400) {
        throw UserException.usage("the API server rejected Backup " + name + ": " + e.getStatus().getMessage());
      }
      if (e.getCode() == 409) {
        throw nameTaken(ns);
      }
      throw e;
    }
  }

  private UserException nameTaken(String ns) {
    return UserException.usage("Backup \"" + name + "\" already exists in namespace " + ns
        + ": choose another name (a Backup is one run; each run gets a new one)");
  }

  private int waitFor(String ns) {
    Backup[] last = {null};
    int code;
    try (ProgressDisplay display = ProgressDisplay.open(out())) {
      code = Waiter.await(this, Backup.class, ns, name, Waiter.budget(timeout), BackupProgressText::outcome, b -> {
        last[0] = b;
        display.update(BackupProgressText.line(b));
      }, err());
    }
    Backup done = last[0];
    if (code == ExitCodes.OK) {
      var status = done.getStatus();
      out().println("backup " + name + " is Ready: snapshot " + status.snapshotId
          + (status.summary == null ? "" : " (" + (status.summary.streamFile != null
              ? "stream " + status.summary.streamFile : status.summary.totalFilesProcessed + " files") + ", "
              + Ages.bytes(status.summary.totalBytesProcessed) + ", " + Ages.bytes(status.summary.dataAdded) + " added)"));
      if (Boolean.TRUE.equals(status.incomplete)) {
        err().println((allowIncomplete ? "warning: " : "error: ") + BackupLifecycle.incompleteMessage(
            done.getSpec().source.pvc, status.summary) + " (lifeboat backup logs " + name + ")");
        if (!allowIncomplete) {
          err().println("error: an incomplete backup is no protection: exit code 1 (--allow-incomplete accepts it)");
          return ExitCodes.FAILED;
        }
      }
    } else {
      err().println("error: backup " + name + " Failed: " + done.getStatus().message);
    }
    return code;
  }
}
