package dev.lifeboat.cli;

import dev.lifeboat.cli.backup.BackupCommand;
import dev.lifeboat.cli.hibernate.HibernateCommand;
import dev.lifeboat.cli.manager.BackupManagerCommand;
import dev.lifeboat.cli.manager.HibernateManagerCommand;
import dev.lifeboat.cli.repository.RepositoryCommand;
import dev.lifeboat.cli.restore.RestoreCommand;
import dev.lifeboat.cli.drill.DrillCommand;
import dev.lifeboat.cli.retention.RetentionCommand;
import dev.lifeboat.cli.sandbox.SandboxCommand;
import dev.lifeboat.cli.schedule.ScheduleCommand;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

/**
 * picocli's command tree under {@code lifeboat}. picocli reflects over every command it is given
 * (options, their types, the types those pull in): for the whole tree that is ~0.45 s of a start.
 * A run needs only the branch its arguments name, so {@link #forArgs} builds just that one; help,
 * usage errors ("did you mean") and the generated completion and man pages get {@link #full}.
 */
public final class CommandTree {
  /** In the order {@code lifeboat --help} lists them. */
  private static final List<Class<?>> SUBCOMMANDS = List.of(
      GetCommand.class,
      BackupCommand.class,
      RestoreCommand.class,
      DrillCommand.class,
      StatusCommand.class,
      dev.lifeboat.cli.debug.DebugCommand.class,
      ScheduleCommand.class,
      HibernateCommand.class,
      AbortCommand.class,
      PruneCommand.class,
      RetentionCommand.class,
      RepositoryCommand.class,
      ReconcileCommand.class,
      InstallCommand.class,
      UninstallCommand.class,
      SandboxCommand.class,
      BackupManagerCommand.class,
      CompleteNamesCommand.class,
      HibernateManagerCommand.class,
      VersionCommand.class,
      HelpCommand.class);

  private CommandTree() {}

  /** Every command: what help, completion and man pages show. */
  public static CommandLine full(LifeboatCommand root) {
    CommandLine cli = new CommandLine(root);
    SUBCOMMANDS.forEach(cli::addSubcommand);
    return cli;
  }

  /** The root and only the subcommand (with its own subtree) that {@code args} name, else {@link #full}. */
  public static CommandLine forArgs(LifeboatCommand root, String[] args) {
    CommandLine cli = new CommandLine(root);
    Class<?> wanted = requested(cli, args);
    if (wanted == null) {
      SUBCOMMANDS.forEach(cli::addSubcommand);
    } else {
      cli.addSubcommand(wanted);
    }
    return cli;
  }

  /**
   * The subcommand the first argument that is not a root option names, or null (build the whole
   * tree) for no such argument, help, an unknown name, or a root option this scan does not know.
   */
  static Class<?> requested(CommandLine rootOnly, String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("-")) {
        return byName(arg);
      }
      if (arg.equals("--")) {
        return null;
      }
      int equals = arg.indexOf('=');
      OptionSpec option = rootOnly.getCommandSpec().findOption(equals > 0 ? arg.substring(0, equals) : arg);
      if (option == null || option.usageHelp() || option.versionHelp()) {
        return null; // -nfoo, clustered flags, help: picocli parses those against the whole tree
      }
      if (option.arity().max() > 0 && equals < 0) {
        i++; // its value
      }
    }
    return null;
  }

  private static Class<?> byName(String name) {
    for (Class<?> type : SUBCOMMANDS) {
      Command command = type.getAnnotation(Command.class);
      if (command.helpCommand()) {
        continue;
      }
      if (command.name().equals(name) || List.of(command.aliases()).contains(name)) {
        return type;
      }
    }
    return null;
  }
}
