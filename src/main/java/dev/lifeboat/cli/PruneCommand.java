package dev.lifeboat.cli;

import dev.lifeboat.api.Restore;
import dev.lifeboat.api.RestorePhase;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import java.time.Duration;

/** {@code lifeboat prune restore NAME}: the cleanup Job for a Failed restore that had no prune: AfterFailed. */
@Command(name = "prune", description = "Clean up after a failed restore.", subcommands = PruneCommand.PruneRestore.class)
public final class PruneCommand {

  @Command(name = "restore", description = "Run the cleanup Job of a Failed restore (-> PruneScheduled ...).",
      exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:cleanup requested", "2:the restore is not Failed,"
          + " or failed before touching its target", "4:no such restore", "6:with --wait: PruneComplete",
          "7:with --wait: PruneFailed"})
  public static final class PruneRestore extends ClientCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--wait", description = "Wait until the cleanup ends.")
    boolean wait;

    @Option(names = "--timeout", paramLabel = "DUR", defaultValue = "10m", converter = DurationConverter.class)
    Duration timeout;

    @Override
    protected int run() {
      String ns = namespace();
      Restore r = require(Restore.class, name);
      RestorePhase phase = r.getStatus() == null ? null : r.getStatus().phase;
      if (phase != RestorePhase.Failed) {
        throw UserException.usage("Restore \"" + name + "\" is " + phase + ": only a Failed restore can be pruned");
      }
      if (!Boolean.TRUE.equals(r.getStatus().lockTaken)) {
        throw UserException.usage("Restore \"" + name + "\" failed validation and never touched its target: nothing to clean up");
      }
      client().resources(Restore.class).inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
          "{\"spec\":{\"prune\":\"AfterFailed\"}}");
      out().println("restore.lifeboat.dev/" + name + " cleanup requested");
      return wait ? RestoreWaiting.waitFor(this, name, timeout) : ExitCodes.OK;
    }
  }
}
