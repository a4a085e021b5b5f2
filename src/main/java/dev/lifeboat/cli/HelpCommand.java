package dev.lifeboat.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.Parameters;
import java.io.PrintWriter;

/**
 * {@code lifeboat help [COMMAND...]}: the usage of any command by its path ({@code help backup
 * create}), where picocli's own help command stops at the first level.
 */
@Command(name = "help", helpCommand = true,
    description = "Show the help of a command: lifeboat help backup create.")
public final class HelpCommand implements IHelpCommandInitializable2, Runnable {
  @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command path to show help for.")
  List<String> path = new ArrayList<>();

  private CommandLine parent;
  private Help.ColorScheme colors;
  private PrintWriter out;

  @Override
  public void init(CommandLine helpCommandLine, Help.ColorScheme colorScheme, PrintWriter out,
      PrintWriter err) {
    this.parent = helpCommandLine.getParent();
    this.colors = colorScheme;
    this.out = out;
  }

  @Override
  public void run() {
    CommandLine target = parent;
    for (String name : path) {
      CommandLine next = target.getSubcommands().get(name);
      if (next == null) {
        throw new UserException(ExitCodes.USAGE, "unknown command '" + String.join(" ", path) + "': '" + name
            + "' is not a subcommand of '" + target.getCommandSpec().qualifiedName() + "'; run '"
            + target.getCommandSpec().qualifiedName() + " --help' for the list");
      }
      target = next;
    }
    target.usage(out, colors);
  }
}
