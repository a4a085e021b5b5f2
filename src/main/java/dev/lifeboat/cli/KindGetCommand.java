package dev.lifeboat.cli;

import dev.lifeboat.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lifeboat <kind> get [NAME]} for every kind: the one class behind {@code backup get},
 * {@code restore get}, {@code repository get} and the rest. The kind is the parent command's
 * ({@code kinds.Kinds} knows each by that name too).
 */
@Command(name = "get", description = "List this kind's objects (${PARENT-COMMAND-NAME}), or show one.",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed", "2:bad flag",
        "4:the named object does not exist", "5:the Kubernetes API could not be reached"})
public final class KindGetCommand extends ClientCommand {
  @Parameters(arity = "0..1", paramLabel = "NAME")
  String name;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
      description = "table, wide, yaml, json or name (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Override
  protected int run() {
    return Lister.get(this, KindNames.ofParent(spec), name, output);
  }
}
