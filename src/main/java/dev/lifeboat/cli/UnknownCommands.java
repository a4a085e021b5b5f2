package dev.lifeboat.cli;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jline.utils.Levenshtein;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A misspelt command, at any level, named as such with the nearest commands of that level. picocli alone reports
 * {@code lifeboat bakcup get} as "Missing required parameter: 'TYPE'" (it skips the unknown word and runs {@code get}),
 * and its similarity measure misses transpositions ({@code craete} was offered delete, get, describe). The distance
 * here is jline's Damerau-Levenshtein: one swap of two letters costs one edit.
 */
final class UnknownCommands {
  private UnknownCommands() {}

  /** Prints the error and returns {@link ExitCodes#USAGE} for an unknown command word; null when there is none. */
  static Integer check(CommandLine root, String[] args, PrintStream err) {
    CommandLine current = root;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        return null;
      }
      if (arg.startsWith("-")) {
        int equals = arg.indexOf('=');
        OptionSpec option = current.getCommandSpec().findOption(equals > 0 ? arg.substring(0, equals) : arg);
        if (option == null || option.usageHelp() || option.versionHelp()) {
          return null; // clustered flags, unknown options, help: picocli's own handling
        }
        if (option.arity().max() > 0 && equals < 0) {
          i++;
        }
        continue;
      }
      Map<String, CommandLine> subcommands = current.getSubcommands();
      if (subcommands.isEmpty() || !current.getCommandSpec().positionalParameters().isEmpty()) {
        return null; // a leaf, or a command that takes words of its own
      }
      CommandLine next = subcommands.get(arg);
      if (next == null) {
        report(current, arg, err);
        return ExitCodes.USAGE;
      }
      current = next;
    }
    return null;
  }

  private static void report(CommandLine level, String word, PrintStream err) {
    String where = level.getCommandSpec().qualifiedName();
    err.println("error: unknown command \"" + word + "\" for \"" + where + "\"");
    List<String> names = level.getSubcommands().entrySet().stream()
        .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
        .map(Map.Entry::getKey).distinct().toList();
    List<String> near = nearest(word, names);
    if (!near.isEmpty()) {
      err.println("Did you mean: " + String.join(", ", near) + "?");
    }
    err.println("Run '" + where + " --help' for usage.");
  }

  /** The names within a few edits of the word (about one in three letters), nearest first. */
  static List<String> nearest(String word, List<String> names) {
    int limit = Math.max(2, word.length() / 3);
    return names.stream().filter(n -> Levenshtein.distance(word, n) <= limit)
        .sorted(Comparator.comparingInt((String n) -> Levenshtein.distance(word, n)).thenComparing(n -> n))
        .limit(3).toList();
  }
}
