package dev.lifeboat.cli;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintStream;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;

/** Runs the command line: parses, dispatches, and turns every failure into one line and an exit code. */
public final class Main {
  private Main() {}

  public static int execute(String[] args, PrintStream out, PrintStream err) {
    LifeboatCommand root = new LifeboatCommand();
    root.out = out;
    root.err = err;
    CommandLine cli = CommandTree.forArgs(root, args);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    // Named classes, not lambdas: a lambda implementing one of picocli's (Java 5) interfaces keeps that
    // interface out of the class-data-sharing archive, and loading it from the jar costs a class-path scan.
    cli.setParameterExceptionHandler(new UsageErrors(err));
    cli.setExecutionExceptionHandler(new Failures(root, err));
    cli.setExecutionStrategy(new ConfigureLoggingFirst(args));
    Integer unknown = UnknownCommands.check(cli, args, err);
    return unknown != null ? unknown : cli.execute(args);
  }

  /** A usage error: one line, a suggestion where picocli has one, where to find help; exit 2. */
  private static final class UsageErrors implements CommandLine.IParameterExceptionHandler {
    private final PrintStream err;

    UsageErrors(PrintStream err) {
      this.err = err;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
      err.println("error: " + ex.getMessage().replaceFirst("^Error: ", ""));
      CommandLine failed = ex.getCommandLine();
      if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
        err.println("Did you mean: " + String.join(", ", unmatched.getSuggestions()) + "?");
      }
      err.println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for usage.");
      return ExitCodes.USAGE;
    }
  }

  /** A command's failure: one line and its exit code (see {@link #handle}). */
  private static final class Failures implements CommandLine.IExecutionExceptionHandler {
    private final LifeboatCommand root;
    private final PrintStream err;

    Failures(LifeboatCommand root, PrintStream err) {
      this.root = root;
      this.err = err;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine failed, CommandLine.ParseResult parsed) {
      return handle(ex, root.kube.verbose, err);
    }
  }

  /**
   * Sets up logging once the command is known, and only for one that may log: {@code version}, help
   * and a completion TAB print and exit (a TAB never logs: it prints names or nothing), and
   * java.util.logging's start-up (~30 ms) is a tenth of their run.
   */
  private static final class ConfigureLoggingFirst implements CommandLine.IExecutionStrategy {
    private final String[] args;

    ConfigureLoggingFirst(String[] args) {
      this.args = args;
    }

    @Override
    public int execute(CommandLine.ParseResult parsed) {
      CommandLine.ParseResult leaf = parsed;
      while (leaf.hasSubcommand()) {
        leaf = leaf.subcommand();
      }
      boolean printsOnly = leaf.commandSpec().userObject() instanceof VersionCommand
          || leaf.commandSpec().userObject() instanceof HelpCommand
          || leaf.commandSpec().userObject() instanceof CompleteNamesCommand
          || leaf.isUsageHelpRequested() || leaf.isVersionHelpRequested();
      if (!printsOnly) {
        configureLogging(args);
      }
      return new CommandLine.RunLast().execute(parsed);
    }
  }

  static int handle(Exception ex, boolean verbose, PrintStream err) {
    if (ex instanceof UserException user) {
      err.println("error: " + user.getMessage());
      if (verbose) {
        user.printStackTrace(err);
      }
      return user.exitCode();
    }
    if (ex instanceof KubernetesClientException k) {
      String reason = k.getStatus() != null && k.getStatus().getMessage() != null ? k.getStatus().getMessage()
          : ClientFactory.rootMessage(k);
      err.println("error: the Kubernetes API refused the request (" + (k.getCode() == 0 ? "no answer" : "HTTP " + k.getCode())
          + "): " + reason);
      if (verbose) {
        k.printStackTrace(err);
      }
      return ExitCodes.API_ERROR;
    }
    err.println("error: " + ex.getClass().getSimpleName() + ": " + ex.getMessage()
        + (verbose ? "" : " (run with -v for details)"));
    if (verbose) {
      ex.printStackTrace(err);
    }
    return ExitCodes.FAILED;
  }

  /** Quiet by default (the mock server logs every request at INFO); -v turns on lifeboat's own logs. */
  private static void configureLogging(String[] args) {
    boolean verbose = Arrays.asList(args).contains("-v") || Arrays.asList(args).contains("--verbose");
    // Only the root's handlers are replaced: a host that runs commands in-process keeps its own.
    Logger rootLogger = Logger.getLogger("");
    for (Handler h : rootLogger.getHandlers()) {
      rootLogger.removeHandler(h);
    }
    ConsoleHandler handler = new ConsoleHandler();
    handler.setLevel(Level.ALL);
    rootLogger.addHandler(handler);
    rootLogger.setLevel(verbose ? Level.INFO : Level.WARNING);
    Logger.getLogger("io.fabric8.mockwebserver").setLevel(Level.SEVERE);
    Logger.getLogger("dev.lifeboat").setLevel(verbose ? Level.FINE : Level.WARNING);
  }
}
