package dev.lifeboat.cli;

import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The root command: {@code lifeboat}. Its subcommands are added by {@link CommandTree}. */
@Command(name = "lifeboat",
    versionProvider = VersionCommand.Provider.class,
    description = "Backup and restore for Kubernetes, on restic.%n"
        + "Try it with no cluster: lifeboat sandbox demo",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:done (with --wait: Completed/Ready)",
        "1:the operation failed (with --wait: Failed)",
        "2:bad input; nothing was changed",
        "3:--wait timed out; the operation may still finish",
        "4:the named object does not exist",
        "5:the Kubernetes API could not be reached or refused the request",
        "6:with --wait: the restore failed; its cleanup completed (PruneComplete)",
        "7:with --wait: the restore failed and its cleanup failed too (PruneFailed)",
        "8:with --wait: aborted by request",
        "130:interrupted while waiting"})
public final class LifeboatCommand {
  @Mixin
  public KubeOptions kube = new KubeOptions();

  @Mixin
  HelpOptions help = new HelpOptions();

  /** Where commands print; Main sets them (tests pass their own). */
  public PrintStream out = System.out;
  public PrintStream err = System.err;
}
