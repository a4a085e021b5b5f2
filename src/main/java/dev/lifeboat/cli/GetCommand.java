package dev.lifeboat.cli;

import dev.lifeboat.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lifeboat get TYPE [NAME]}. */
@Command(name = "get", description = "List lifeboat objects of one type, or show one.",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed", "2:unknown type or bad flag",
        "4:the named object does not exist", "5:the Kubernetes API could not be reached"})
public final class GetCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "TYPE", completionCandidates = KindNames.class,
      description = "backups, restores, repositories, schedules or hibernateplans (short: bk, rs, repo, sched, hp).")
  String type;

  @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "Show only this object.")
  String name;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
      description = "table, wide, yaml, json or name (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Override
  protected int run() {
    return Lister.get(this, KindNames.find(type), name, output);
  }
}
