package dev.lifeboat.cli.drill;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.Drill;
import dev.lifeboat.api.DrillPhase;
import dev.lifeboat.api.DrillScratch;
import dev.lifeboat.api.DrillSpec;
import dev.lifeboat.api.Durations;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.DurationConverter;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.cli.Validation;
import dev.lifeboat.cli.Waiter;
import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.lifecycle.drill.DrillChecks;
import dev.lifeboat.output.Ages;
import dev.lifeboat.output.OutputFormat;
import dev.lifeboat.output.Printer;
import dev.lifeboat.output.ProgressDisplay;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lifeboat drill create NAME (--from-backup B | --latest-of-pvc C | --latest-of-schedule S) [--wait]}. */
@Command(name = "create", description = "Drill a Backup: restore it into a new scratch claim, verify every file"
    + " (restic restore --verify) and optionally run a check, time it, then delete the scratch.",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:created (with --wait: Succeeded)",
        "1:with --wait: the drill Failed (the backup did not come back)",
        "2:bad input: no such Backup, claim or Schedule, none of them Ready, a bad flag; nothing was created",
        "3:--wait timed out"})
public final class DrillCreateCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "NAME")
  String name;

  @ArgGroup(exclusive = true, multiplicity = "1")
  From from;

  static final class From {
    @Option(names = "--from-backup", paramLabel = "B", description = "The Backup to drill.")
    String backup;

    @Option(names = "--latest-of-pvc", paramLabel = "CLAIM", description = "The newest Ready Backup of this claim.")
    String pvc;

    @Option(names = "--latest-of-schedule", paramLabel = "S", description = "The newest Ready Backup this Schedule made.")
    String schedule;
  }

  @Option(names = "--verify-command", paramLabel = "CMD", description = "Run this (/bin/sh -c, in lifeboat's image)"
      + " after the restore, with the restored files read-only at the backup's path, also in $DRILL_PATH; exit 0 passes.")
  String verifyCommand;

  @Option(names = "--check-query", paramLabel = "SQL", description = "PostgreSQL Backups: a query run in the restored"
      + " scratch database; it passes when its first value is true or above 0 (default: some table came back).")
  String checkQuery;

  @Option(names = "--keep-failed", paramLabel = "DUR", converter = DurationConverter.class,
      description = "Keep a failed drill's scratch claim this long for a look (default 24h; 0s: delete it at once).")
  Duration keepFailed;

  @Option(names = "--scratch-size", paramLabel = "SIZE", description = "The scratch claim's size (default the backed-up"
      + " claim's), e.g. 20Gi.")
  String scratchSize;

  @Option(names = "--scratch-storage-class", paramLabel = "CLASS", description = "The scratch claim's StorageClass"
      + " (default the backed-up claim's).")
  String scratchStorageClass;

  @Option(names = "--timeout", paramLabel = "DUR", converter = DurationConverter.class,
      description = "How long each Job of the drill may run (default 4h). --wait gives up after this plus as much"
          + " again, at most 5m more.")
  Duration timeout;

  @Option(names = "--start-timeout", paramLabel = "DUR", converter = DurationConverter.class,
      description = "How long a Job's pod may wait to start (default 10m).")
  Duration startTimeout;

  @Option(names = "--wait", description = "Wait for the end; the exit code tells how it ended.")
  boolean wait;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "Print the Drill as yaml or json WITHOUT creating it.")
  OutputFormat output;

  @Override
  protected int run() {
    Drill drill = build();
    if (output != null) {
      if (output != OutputFormat.yaml && output != OutputFormat.json) {
        throw UserException.usage("-o on create takes yaml or json (it prints the object without creating it)");
      }
      drill.getMetadata().setNamespace(kube().namespace);
      new Printer(out(), output, clock().instant()).printOne(drill, Kinds.columns(Drill.class));
      return ExitCodes.OK;
    }
    String ns = namespace();
    drill.getMetadata().setNamespace(ns);
    checkAgainstCluster(drill.getSpec(), ns);
    try {
      client().resources(Drill.class).inNamespace(ns).resource(drill).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw UserException.usage("Drill \"" + name + "\" already exists in namespace " + ns
            + " (a drill runs once: give this one another name)");
      }
      throw e;
    }
    if (!wait) {
      out().println("drill.lifeboat.dev/" + name + " created");
      return ExitCodes.OK;
    }
    return waitFor(Waiter.budget(timeout));
  }

  private Drill build() {
    Validation.objectName("Drill name", name);
    DrillSpec spec = new DrillSpec();
    if (from.backup != null) {
      Validation.objectName("--from-backup", from.backup);
      spec.backup = from.backup;
    } else if (from.pvc != null) {
      Validation.objectName("--latest-of-pvc", from.pvc);
      spec.latestOfPvc = from.pvc;
    } else {
      Validation.objectName("--latest-of-schedule", from.schedule);
      spec.latestOfSchedule = from.schedule;
    }
    if (verifyCommand != null) {
      if (verifyCommand.isBlank()) {
        throw UserException.usage("--verify-command is empty: give a shell command, e.g. 'test -s \"$DRILL_PATH/db\"'");
      }
      spec.verifyCommand = List.of("/bin/sh", "-c", verifyCommand);
    }
    if (checkQuery != null) {
      if (checkQuery.isBlank()) {
        throw UserException.usage("--check-query is empty: give a query, e.g. 'SELECT count(*) FROM orders'");
      }
      spec.checkQuery = checkQuery;
    }
    if (keepFailed != null) {
      spec.keepFailed = keepFailed.isZero() ? "0s" : Durations.format(keepFailed);
    }
    if (scratchSize != null || scratchStorageClass != null) {
      spec.scratch = new DrillScratch();
      if (scratchSize != null) {
        Validation.size("--scratch-size", scratchSize);
        spec.scratch.size = scratchSize;
      }
      if (scratchStorageClass != null) {
        Validation.objectName("--scratch-storage-class", scratchStorageClass);
        spec.scratch.storageClassName = scratchStorageClass;
      }
    }
    Validation.jobTimeout(timeout, "each drill Job");
    Validation.startTimeout(startTimeout);
    spec.timeout = timeout == null ? null : Durations.format(timeout);
    spec.startTimeout = startTimeout == null ? null : Durations.format(startTimeout);
    List<String> problems = DrillChecks.problems(spec);
    if (!problems.isEmpty()) {
      throw UserException.usage(String.join("; ", problems));
    }
    Drill drill = new Drill();
    drill.getMetadata().setName(name);
    drill.setSpec(spec);
    return drill;
  }

  /**
   * The Backup must be there and not Failed (one still running is waited for); a claim or Schedule must have a Ready
   * one. The controller checks again.
   */
  private void checkAgainstCluster(DrillSpec spec, String ns) {
    if (spec.backup != null) {
      Backup backup = client().resources(Backup.class).inNamespace(ns).withName(spec.backup).get();
      if (backup == null) {
        throw UserException.usage("Backup \"" + spec.backup + "\" not found in namespace " + ns + " (lifeboat get backups)");
      }
      BackupPhase phase = backup.getStatus() == null ? null : backup.getStatus().phase;
      if (phase == BackupPhase.Failed) {
        throw UserException.usage("Backup \"" + spec.backup + "\" is Failed: it has no snapshot to drill; pick a Ready"
            + " one (or --latest-of-pvc CLAIM)");
      }
      return;
    }
    if (spec.latestOfSchedule != null
        && client().resources(Schedule.class).inNamespace(ns).withName(spec.latestOfSchedule).get() == null) {
      throw UserException.usage("Schedule \"" + spec.latestOfSchedule + "\" not found in namespace " + ns);
    }
    boolean any = client().resources(Backup.class).inNamespace(ns).list().getItems().stream()
        .filter(b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Ready)
        .anyMatch(b -> spec.latestOfPvc != null ? b.getSpec().source != null && spec.latestOfPvc.equals(b.getSpec().source.pvc)
            : b.getMetadata().getLabels() != null
                && spec.latestOfSchedule.equals(b.getMetadata().getLabels().get(dev.lifeboat.api.Labels.SCHEDULE)));
    if (!any) {
      throw UserException.usage(spec.latestOfPvc != null
          ? "claim \"" + spec.latestOfPvc + "\" has no Ready Backup in namespace " + ns + ": nothing to drill yet"
          : "Schedule \"" + spec.latestOfSchedule + "\" has no Ready Backup yet: nothing to drill");
    }
  }

  private int waitFor(Duration budget) {
    Drill[] last = {null};
    int code;
    try (ProgressDisplay display = ProgressDisplay.open(out())) {
      code = Waiter.await(this, Drill.class, namespace(), name, budget, DrillCreateCommand::outcome, d -> {
        last[0] = d;
        display.update("drill " + name + ": " + (d.getStatus() == null ? DrillPhase.Pending : d.getStatus().phaseOrPending())
            + (d.getStatus() == null || d.getStatus().message == null ? "" : " - " + d.getStatus().message));
      }, err());
    }
    var status = last[0] == null ? null : last[0].getStatus();
    if (code == ExitCodes.OK) {
      out().println("drill " + name + " Succeeded: RTO " + status.rtoSeconds + "s, " + status.restoredFiles + " files ("
          + Ages.bytes(status.restoredBytes) + ") from Backup " + status.backup);
    } else if (status != null) {
      err().println("error: drill " + name + " ended " + status.phaseOrPending() + ": " + status.message);
    }
    return code;
  }

  static Integer outcome(Drill d) {
    DrillPhase phase = d.getStatus() == null ? null : d.getStatus().phase;
    return phase == DrillPhase.Succeeded ? Integer.valueOf(ExitCodes.OK)
        : phase == DrillPhase.Failed ? Integer.valueOf(ExitCodes.FAILED) : null;
  }
}
