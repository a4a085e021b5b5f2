package dev.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.cli.backup.BackupCommand;
import dev.lifeboat.cli.repository.RepositoryCommand;
import dev.lifeboat.support.Cli;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** A run builds only the branch its arguments name; anything the scan is unsure of gets the whole tree. */
class CommandTreeTest {
  private static final int WHOLE_TREE = CommandTree.full(new LifeboatCommand()).getSubcommands().size();

  @ParameterizedTest(name = "lifeboat {0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "version                                  | version",
      "-n shop backup create x --pvc data       | backup",
      "--namespace=shop repo list               | repository",
      "--kubeconfig /tmp/kc --context c get backups | get",
      "-v -A get backups                        | get",
      "backup-manager backup --backup b         | backup-manager",
  })
  void onlyTheNamedBranchIsBuilt(String args, String expected) {
    CommandLine cli = CommandTree.forArgs(new LifeboatCommand(), args.trim().split("\\s+"));
    Set<String> built = cli.getSubcommands().keySet();
    assertTrue(built.contains(expected), built.toString());
    assertTrue(built.size() <= 2, "one command (and its alias): " + built); // repository, repo
  }

  @ParameterizedTest(name = "lifeboat {0} -> whole tree")
  @CsvSource(delimiter = '|', value = {
      "help backup", "--help", "-h", "-V", "bakcup create", "-nshop get backups", "-vA get backups", "-- get", "-n",
  })
  void helpUnknownNamesAndUnusualFormsGetTheWholeTree(String args) {
    CommandLine cli = CommandTree.forArgs(new LifeboatCommand(), args.trim().split("\\s+"));
    assertEquals(WHOLE_TREE, cli.getSubcommands().size());
  }

  @Test
  void noArgumentsIsAUsageErrorPointingToHelp() {
    Cli.Result run = Cli.run();
    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertTrue(run.err().contains("Run 'lifeboat --help' for usage."), run.err());
  }

  @Test
  void aMisspeltCommandStillGetsSuggestions() {
    Cli.Result run = Cli.run("bakcup", "list");
    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertTrue(run.err().contains("Did you mean: backup"), "suggests the right name: " + run.err());
  }

  /** At every level, and not hidden behind a later word that is a command (bakcup get is not 'get'). */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
      "bakcup get, unknown command \"bakcup\" for \"lifeboat\", backup",
      "backup craete x, unknown command \"craete\" for \"lifeboat backup\", create",
      "-n shop repository chek repo, unknown command \"chek\" for \"lifeboat repository\", check",
      "hibernate wkae night, unknown command \"wkae\" for \"lifeboat hibernate\", wake",
      "schedule resme s, unknown command \"resme\" for \"lifeboat schedule\", resume"})
  void aMisspeltCommandAtAnyLevelIsNamedWithTheNearestOne(String line, String error, String suggestion) {
    Cli.Result run = Cli.run(line.split(" "));
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.all());
    assertTrue(run.err().startsWith("error: " + error + "\nDid you mean: " + suggestion), run.err());
  }

  @Test
  void rootOptionsBeforeTheCommandStillApply() {
    Cli.Result run = Cli.run("--kubeconfig", "/nonexistent/kubeconfig", "-n", "shop", "version");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().startsWith("lifeboat "), run.out());
    CommandLine cli = CommandTree.forArgs(new LifeboatCommand(), new String[] {"-n", "shop", "repo", "describe", "r"});
    cli.parseArgs("-n", "shop", "repo", "describe", "r");
    assertEquals("shop", ((LifeboatCommand) cli.getCommand()).kube.namespace);
    assertEquals(RepositoryCommand.class, cli.getSubcommands().get("repo").getCommand().getClass());
    assertEquals(BackupCommand.class, CommandTree.requested(new CommandLine(new LifeboatCommand()),
        List.of("--context=x", "backup").toArray(String[]::new)));
  }
}
