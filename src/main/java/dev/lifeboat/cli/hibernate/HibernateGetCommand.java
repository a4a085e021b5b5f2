package dev.lifeboat.cli.hibernate;

import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.GetSupport;
import dev.lifeboat.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lifeboat hibernate get [NAME]}. */
@Command(name = "get", description = "List HibernatePlans (phase, next transition, targets), or show one.")
public final class HibernateGetCommand extends ClientCommand {
  @Parameters(arity = "0..1", paramLabel = "NAME")
  String name;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
      description = "table, wide, yaml, json or name (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Override
  protected int run() {
    return GetSupport.get(this, HibernatePlan.class, name, output);
  }
}
