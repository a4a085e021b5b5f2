package dev.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every command and subcommand answers {@code --help}, {@code -h} and {@code help <path>} with its
 * own usage and exit 0, before any validation (required parameters missing). The rows come from
 * the command tree itself, so a new command is covered without touching this test.
 */
class HelpTest {
  record Run(int code, String out, String err) {}

  static Stream<List<String>> commandPaths() {
    List<List<String>> paths = new ArrayList<>();
    collect(CommandTree.full(new LifeboatCommand()), new ArrayList<>(), paths);
    assertTrue(paths.size() > 30, "the tree has its commands: " + paths.size());
    return paths.stream();
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
    into.add(List.copyOf(path));
    command.getSubcommands().forEach((name, sub) -> {
      if (sub.getCommandName().equals(name) && !sub.getCommandSpec().helpCommand()) { // skip aliases
        List<String> next = new ArrayList<>(path);
        next.add(name);
        collect(sub, next, into);
      }
    });
  }

  static Run run(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.execute(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "lifeboat {0}")
  @MethodSource("commandPaths")
  void everyCommandAnswersHelpItsOwnWay(List<String> path) {
    String usage = "Usage: " + String.join(" ", Stream.concat(Stream.of("lifeboat"), path.stream()).toList());
    List<List<String>> forms = List.of(
        concat(path, "--help"), concat(path, "-h"), concat(List.of("help"), path.toArray(String[]::new)));
    for (List<String> form : forms) {
      Run run = run(form);
      assertEquals(0, run.code(), "lifeboat " + form + " exits 0; stderr: " + run.err());
      assertTrue(run.out().startsWith(usage + " ") || run.out().startsWith(usage + "\n")
          || run.out().startsWith(usage + "\r"), "lifeboat " + form + " prints its own usage, not another's:\n" + run.out());
      assertEquals("", run.err(), "nothing on stderr for " + form);
    }
  }

  @org.junit.jupiter.api.Test
  void helpOfAnUnknownPathIsAUsageError() {
    Run run = run(List.of("help", "backup", "nope"));
    assertEquals(2, run.code());
    assertTrue(run.err().contains("'nope' is not a subcommand of 'lifeboat backup'"), run.err());
  }

  private static List<String> concat(List<String> path, String... more) {
    List<String> all = new ArrayList<>(path);
    all.addAll(List.of(more));
    return all;
  }
}
