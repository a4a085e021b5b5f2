package dev.lifeboat.cli.restore;

import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupSource;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.PruneMode;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.Restore;
import dev.lifeboat.api.RestoreMode;
import dev.lifeboat.api.RestoreSpec;
import dev.lifeboat.api.RestoreTarget;
import dev.lifeboat.api.SnapshotRef;
import dev.lifeboat.api.StopApplications;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.DurationConverter;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.cli.RestoreWaiting;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.cli.Validation;
import dev.lifeboat.output.OutputFormat;
import dev.lifeboat.output.Printer;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import dev.lifeboat.api.Durations;
import dev.lifeboat.cli.Waiter;
import dev.lifeboat.lifecycle.SourceChecks;
import java.util.Locale;

/** {@code lifeboat restore create NAME (--from-backup B | --from-snapshot REPO/ID) ...}. */
@Command(name = "create", description = "Restore a backup (or a snapshot) into a PVC.",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:created (with --wait: Completed)",
        "1:with --wait: the restore Failed",
        "2:bad input: unknown or Failed backup, missing PVC or workload, unknown workload kind, --override-lock"
            + " without --force; nothing was created or scaled",
        "3:--wait timed out",
        "6:with --wait: the restore failed and its cleanup completed (PruneComplete)",
        "7:with --wait: the restore failed and its cleanup failed (PruneFailed)",
        "8:with --wait: aborted"})
public final class RestoreCreateCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "NAME")
  String name;

  @ArgGroup(exclusive = true, multiplicity = "1")
  From from;

  static final class From {
    @Option(names = "--from-backup", paramLabel = "B", description = "Backup whose snapshot is restored.")
    String backup;

    @Option(names = "--from-snapshot", paramLabel = "REPO/ID", description = "A snapshot in a Repository, without a Backup.")
    String snapshot;
  }

  @Option(names = "--to-pvc", paramLabel = "P", description = "Target claim (default: the backup's source PVC).")
  String toPvc;

  @Option(names = "--as-file", paramLabel = "NAME", description = "With --from-snapshot of an application stream"
      + " (postgres, openbao, tidb, command): write the stream into --to-pvc as this one file, touching nothing else."
      + " Without it a stream is never restored into a claim.")
  String asFile;

  @Option(names = "--to-database", paramLabel = "DB",
      description = "PostgreSQL backups: the database to restore into (default the backup's; it must exist).")
  String toDatabase;

  @Option(names = "--to-openbao", paramLabel = "URL",
      description = "OpenBao/Vault backups: the cluster to restore into (default the backup's).")
  String toOpenBao;

  @Option(names = "--stop", split = ",", paramLabel = "KIND/NAME",
      description = "Workloads to scale to 0 during the restore: deployment/NAME, statefulset/NAME.")
  List<String> stop = new ArrayList<>();

  @Option(names = "--stop-selector", paramLabel = "K=V[,K=V]", description = "Also stop every Deployment and StatefulSet with these labels.")
  String stopSelector;

  @Option(names = "--stop-users", description = "Also stop every Deployment and StatefulSet whose pods mount the"
      + " target claim (and start them again afterwards).")
  boolean stopUsers;

  @Option(names = "--no-start-on-failure", description = "Leave stopped applications at 0 when the restore fails.")
  boolean noStartOnFailure;

  @Option(names = "--prune", paramLabel = "WHEN", description = "after-failed: clean the target up when the restore fails; never (default).")
  String prune;

  @Option(names = "--mode", paramLabel = "MODE", description = "replace (default): the target becomes the snapshot; merge: beside existing data; if-empty: only"
      + " into an empty claim (one with data is left alone).")
  String mode;

  @Option(names = "--force", description = "Restore even while running pods use the target claim, or into a workload"
      + " a HibernatePlan keeps asleep; needed with --override-lock.")
  boolean force;

  @Option(names = "--override-lock", description = "Take the target's operation lock from its holder (with --force).")
  boolean overrideLock;

  @Option(names = "--backoff-limit", paramLabel = "N")
  Integer backoffLimit;

  @Option(names = "--wait", description = "Wait for the end; the exit code tells how it ended.")
  boolean wait;

  @picocli.CommandLine.Mixin
  dev.lifeboat.cli.JobTemplateOptions jobPods = new dev.lifeboat.cli.JobTemplateOptions();

  @picocli.CommandLine.Mixin
  dev.lifeboat.cli.MoverOptions mover = new dev.lifeboat.cli.MoverOptions();

  @Option(names = "--start-timeout", paramLabel = "DUR", converter = DurationConverter.class,
      description = "How long a Job's pod may wait to start (be scheduled, attach its volume) before the run fails with"
          + " Kubernetes' reason (spec.startTimeout; default 10m).")
  Duration startTimeout;

  @Option(names = "--timeout", paramLabel = "DUR", converter = DurationConverter.class,
      description = "How long each Job of the restore may run (spec.timeout, their activeDeadlineSeconds; default 4h). "
          + "--wait gives up after this plus as much again, at most 5m more.")
  Duration timeout;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "Print the Restore as yaml or json WITHOUT creating it.")
  OutputFormat output;

  @Override
  protected int run() {
    Restore restore = build();
    if (output != null) {
      if (output != OutputFormat.yaml && output != OutputFormat.json) {
        throw UserException.usage("-o on create takes yaml or json (it prints the object without creating it)");
      }
      restore.getMetadata().setNamespace(kube().namespace);
      new Printer(out(), output, clock().instant()).printOne(restore, Kinds.columns(Restore.class));
      return ExitCodes.OK;
    }
    String ns = namespace();
    restore.getMetadata().setNamespace(ns);
    checkAgainstCluster(restore.getSpec(), ns);
    try {
      client().resources(Restore.class).inNamespace(ns).resource(restore).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw UserException.usage("Restore \"" + name + "\" already exists in namespace " + ns);
      }
      throw e;
    }
    if (!wait) {
      out().println("restore.lifeboat.dev/" + name + " created");
      return ExitCodes.OK;
    }
    return RestoreWaiting.waitFor(this, name, Waiter.budget(timeout));
  }

  private Restore build() {
    Validation.objectName("Restore name", name);
    RestoreSpec spec = new RestoreSpec();
    if (from.backup != null) {
      Validation.objectName("--from-backup", from.backup);
      spec.backup = from.backup;
    } else {
      String[] parts = from.snapshot.split("/", 2);
      if (parts.length != 2 || !parts[1].matches("[0-9a-f]{8,64}")) {
        throw UserException.usage("--from-snapshot \"" + from.snapshot + "\": use REPOSITORY/ID with an 8-64 hex digit snapshot ID");
      }
      Validation.objectName("--from-snapshot repository", parts[0]);
      spec.snapshot = new SnapshotRef();
      spec.snapshot.repository = parts[0];
      spec.snapshot.id = parts[1];
      if (toPvc == null) {
        throw UserException.usage("--to-pvc is required with --from-snapshot (there is no backup to take the PVC from)");
      }
    }
    if (asFile != null) {
      if (from.snapshot == null) {
        throw UserException.usage("--as-file goes with --from-snapshot (a stream snapshot written into --to-pvc as one"
            + " file); a Backup of an application restores into the application");
      }
      String problem = RestoreTarget.fileProblem(asFile);
      if (problem != null) {
        throw UserException.usage("--as-file " + problem);
      }
      if (mode != null) {
        throw UserException.usage("--mode is for restoring a claim's files; --as-file adds one file and deletes nothing");
      }
    }
    if (toPvc != null || toDatabase != null || toOpenBao != null) {
      if ((toPvc != null ? 1 : 0) + (toDatabase != null ? 1 : 0) + (toOpenBao != null ? 1 : 0) > 1) {
        throw UserException.usage("give one of --to-pvc, --to-database and --to-openbao (each fits one kind of backup)");
      }
      spec.target = new RestoreTarget();
      if (toPvc != null) {
        Validation.objectName("--to-pvc", toPvc);
        spec.target.pvc = toPvc;
        spec.target.file = asFile;
      }
      if (toDatabase != null && (toDatabase.isBlank() || toDatabase.contains("/"))) {
        throw UserException.usage("--to-database \"" + toDatabase + "\" is not a database name");
      }
      spec.target.database = toDatabase;
      if (toOpenBao != null && !toOpenBao.matches(SourceChecks.HTTP_ADDRESS)) {
        throw UserException.usage("--to-openbao \"" + toOpenBao + "\": use an http(s)://host[:port] address");
      }
      spec.target.openbao = toOpenBao;
    }
    StopApplications apps = new StopApplications();
    for (String ref : stop) {
      if (!ref.matches("(deployment|statefulset)/[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
        throw UserException.usage("--stop \"" + ref + "\": lifeboat stops deployment/NAME and statefulset/NAME only");
      }
      apps.workloads.add(ref);
    }
    if (stopSelector != null) {
      apps.selector = parseSelector(stopSelector);
    }
    apps.targetUsers = stopUsers ? Boolean.TRUE : null;
    spec.stopApplications = apps.workloads.isEmpty() && apps.selector.isEmpty() && !stopUsers ? null : apps;
    spec.startApplicationsOnFailure = noStartOnFailure ? Boolean.FALSE : null;
    if (prune != null) {
      spec.prune = switch (prune.toLowerCase(Locale.ROOT)) {
        case "after-failed", "afterfailed" -> PruneMode.AfterFailed;
        case "never" -> PruneMode.Never;
        default -> throw UserException.usage("--prune \"" + prune + "\": use after-failed or never");
      };
    }
    if (mode != null) {
      spec.mode = switch (mode.toLowerCase(Locale.ROOT)) {
        case "replace" -> RestoreMode.Replace;
        case "merge" -> RestoreMode.Merge;
        case "if-empty", "ifempty" -> RestoreMode.IfEmpty;
        default -> throw UserException.usage("--mode \"" + mode + "\": use replace, merge or if-empty");
      };
    }
    if (overrideLock && !force) {
      throw UserException.usage("--override-lock needs --force: taking a lock from a running operation is forceful");
    }
    spec.force = force ? Boolean.TRUE : null;
    spec.overrideOperationLock = overrideLock ? Boolean.TRUE : null;
    Validation.backoffLimit(backoffLimit);
    Validation.jobTimeout(timeout, "each restore Job");
    Validation.startTimeout(startTimeout);
    spec.backoffLimit = backoffLimit;
    spec.timeout = timeout == null ? null : Durations.format(timeout);
    spec.startTimeout = startTimeout == null ? null : Durations.format(startTimeout);
    spec.jobTemplate = jobPods.build();
    spec.moverSecurityContext = mover.securityContext();
    spec.privilegedMover = mover.privileged();
    Restore restore = new Restore();
    restore.getMetadata().setName(name);
    restore.setSpec(spec);
    return restore;
  }

  /** References that must exist now; the controller checks them again when it validates. */
  private void checkAgainstCluster(RestoreSpec spec, String ns) {
    String targetPvc = toPvc;
    if (spec.backup != null) {
      Backup backup = client().resources(Backup.class).inNamespace(ns).withName(spec.backup).get();
      if (backup == null) {
        throw UserException.usage("Backup \"" + spec.backup + "\" not found in namespace " + ns + " (lifeboat get backups)");
      }
      BackupPhase phase = backup.getStatus() == null ? null : backup.getStatus().phase;
      if (phase == BackupPhase.Failed) {
        throw UserException.usage("Backup \"" + spec.backup + "\" is Failed: it has no snapshot to restore; pick a Ready backup");
      }
      if (backup.getSpec().repository != null
          && client().resources(Repository.class).inNamespace(ns).withName(backup.getSpec().repository).get() == null) {
        throw UserException.usage("Repository \"" + backup.getSpec().repository + "\" of Backup \"" + spec.backup
            + "\" not found in namespace " + ns + ": create it again with the same URL and password (lifeboat repository"
            + " create " + backup.getSpec().repository + " --url URL --password-file FILE --init never)");
      }
      var source = backup.getSpec().source;
      BackupSource.Kind kind = source == null ? null : source.kind();
      if (kind != null && !kind.isClaim()) {
        checkApplicationTarget(backup, kind);
        targetPvc = null;
      } else {
        if (toDatabase != null || toOpenBao != null) {
          throw UserException.usage((toDatabase != null ? "--to-database" : "--to-openbao") + " is for application"
              + " backups; Backup \"" + spec.backup + "\" is of PVC " + (source == null ? "?" : source.pvc) + " (use --to-pvc)");
        }
        if (targetPvc == null) {
          targetPvc = backup.getSpec().source.pvc;
        }
      }
    } else {
      Repository repository = client().resources(Repository.class).inNamespace(ns).withName(spec.snapshot.repository).get();
      if (repository == null) {
        throw UserException.usage("Repository \"" + spec.snapshot.repository + "\" not found in namespace " + ns);
      }
      SnapshotContent.check(client(), repository, spec.snapshot.id, asFile != null);
    }
    if (targetPvc != null) {
      mover.checkAllowed(client(), ns);
    }
    if (targetPvc != null && client().persistentVolumeClaims().inNamespace(ns).withName(targetPvc).get() == null) {
      throw UserException.usage("target PersistentVolumeClaim \"" + targetPvc + "\" not found in namespace " + ns
          + ": create it first, or pick another with --to-pvc");
    }
    if (spec.stopApplications != null) {
      for (String ref : spec.stopApplications.workloads) {
        String[] parts = ref.split("/", 2);
        boolean exists = parts[0].equals("deployment")
            ? client().apps().deployments().inNamespace(ns).withName(parts[1]).get() != null
            : client().apps().statefulSets().inNamespace(ns).withName(parts[1]).get() != null;
        if (!exists) {
          throw UserException.usage("--stop " + ref + ": not found in namespace " + ns);
        }
      }
    }
    if (targetPvc != null) {
      String inUse = TargetUsers.problem(client(), ns, targetPvc, spec);
      if (inUse != null) {
        throw UserException.usage(inUse);
      }
    }
  }

  /** The target flags must fit the backup's kind of source. */
  private void checkApplicationTarget(Backup backup, BackupSource.Kind kind) {
    String name = backup.getMetadata().getName();
    if (toPvc != null) {
      throw UserException.usage("--to-pvc is for PVC backups; Backup \"" + name + "\" holds a " + kind + " stream");
    }
    if (toDatabase != null && kind != BackupSource.Kind.postgres) {
      throw UserException.usage("--to-database is for PostgreSQL backups; Backup \"" + name + "\" is of a " + kind);
    }
    if (toOpenBao != null && kind != BackupSource.Kind.openbao) {
      throw UserException.usage("--to-openbao is for OpenBao/Vault backups; Backup \"" + name + "\" is of a " + kind);
    }
    if (kind == BackupSource.Kind.command && backup.getSpec().source.command.restoreCommand.isEmpty()) {
      throw UserException.usage("Backup \"" + name + "\" has no restore command (it was created without"
          + " --restore-command): restore it by hand with restic dump");
    }
  }

  private static Map<String, String> parseSelector(String text) {
    Map<String, String> selector = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      String[] kv = part.split("=", 2);
      if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
        throw UserException.usage("--stop-selector \"" + text + "\": use KEY=VALUE[,KEY=VALUE]");
      }
      selector.put(kv[0].trim(), kv[1].trim());
    }
    return selector;
  }
}
