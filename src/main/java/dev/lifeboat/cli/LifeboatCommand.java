package dev.lifeboat.cli;

import dev.lifeboat.cli.backup.BackupCommand;
import dev.lifeboat.cli.manager.BackupManagerCommand;
import dev.lifeboat.cli.repository.RepositoryCommand;
import dev.lifeboat.cli.sandbox.SandboxCommand;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The root command: {@code lifeboat}. */
@Command(name = "lifeboat",
    versionProvider = VersionCommand.Provider.class,
    description = "Backup and restore for Kubernetes, on restic.%n"
        + "Try it with no cluster: lifeboat sandbox demo",
    subcommands = {
        GetCommand.class,
        BackupCommand.class,
        dev.lifeboat.cli.restore.RestoreCommand.class,
        dev.lifeboat.cli.schedule.ScheduleCommand.class,
        dev.lifeboat.cli.hibernate.HibernateCommand.class,
        AbortCommand.class,
        PruneCommand.class,
        dev.lifeboat.cli.retention.RetentionCommand.class,
        RepositoryCommand.class,
        ReconcileCommand.class,
        InstallCommand.class, UninstallCommand.class,
        SandboxCommand.class,
        BackupManagerCommand.class,
        CompleteNamesCommand.class,
        dev.lifeboat.cli.manager.HibernateManagerCommand.class,
        VersionCommand.class,
        HelpCommand.class},
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
