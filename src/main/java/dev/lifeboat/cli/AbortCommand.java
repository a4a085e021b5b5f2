package dev.lifeboat.cli;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Restore;
import dev.lifeboat.lifecycle.restore.RestoreCleanup;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import dev.lifeboat.api.RestorePhase;
import java.time.Duration;

/** {@code lifeboat abort restore|backup NAME}. */
@Command(name = "abort", description = "Stop a running restore or backup.",
    subcommands = {AbortCommand.AbortRestore.class, AbortCommand.AbortBackup.class})
public final class AbortCommand {

  /** Sets spec.abort (and spec.prune with --prune); the controller stops the Job and starts the applications. */
  @Command(name = "restore", description = "Abort a restore: its Job is stopped, applications started, the lock released.",
      exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:abort requested (with --wait: Aborted)",
          "1:with --wait: the restore Completed before the abort took effect", "2:the restore has already ended",
          "3:--wait timed out", "4:no such restore", "7:with --wait: the cleanup failed"})
  public static final class AbortRestore extends ClientCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--prune", description = "Also run the cleanup Job (remove partial output from the target).")
    boolean prune;

    @Option(names = "--wait", description = "Wait until the restore is Aborted.")
    boolean wait;

    @Option(names = "--timeout", paramLabel = "DUR", defaultValue = "10m", converter = DurationConverter.class)
    Duration timeout;

    @Override
    protected int run() {
      String ns = namespace();
      Restore r = require(Restore.class, name);
      if (r.getStatus() != null && r.getStatus().phase != null && RestoreCleanup.isSettled(r.getStatus().phase)) {
        throw UserException.usage("Restore \"" + name + "\" is " + r.getStatus().phase + ": nothing to abort"
            + (r.getStatus().phase == RestorePhase.Failed ? " (to clean up: lifeboat prune restore " + name + ")" : ""));
      }
      client().resources(Restore.class).inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
          prune ? "{\"spec\":{\"abort\":true,\"prune\":\"AfterFailed\"}}" : "{\"spec\":{\"abort\":true}}");
      out().println("restore.lifeboat.dev/" + name + " abort requested");
      return wait ? RestoreWaiting.waitFor(this, name, timeout, RestoreWaiting::abortOutcome) : ExitCodes.OK;
    }
  }

  /** Sets spec.abort on a Backup: its Job is deleted and it ends Failed (Aborted). */
  @Command(name = "backup", description = "Abort a backup: its Job is stopped; the Backup ends Failed (Aborted).")
  public static final class AbortBackup extends ClientCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    protected int run() {
      String ns = namespace();
      Backup b = require(Backup.class, name);
      if (b.getStatus() != null && b.getStatus().phase != null && b.getStatus().phase.isTerminal()) {
        throw UserException.usage("Backup \"" + name + "\" is " + b.getStatus().phase + ": nothing to abort");
      }
      client().resources(Backup.class).inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
          "{\"spec\":{\"abort\":true}}");
      out().println("backup.lifeboat.dev/" + name + " abort requested");
      return ExitCodes.OK;
    }
  }
}
