package dev.lifeboat.cli.backup;

import dev.lifeboat.api.Backup;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.GetSupport;
import dev.lifeboat.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lifeboat backup get [NAME]}. */
@Command(name = "get", description = "List Backups, or show one.")
public final class BackupGetCommand extends ClientCommand {
  @Parameters(arity = "0..1", paramLabel = "NAME")
  String name;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
      description = "table, wide, yaml, json or name (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Override
  protected int run() {
    return GetSupport.get(this, Backup.class, name, output);
  }
}
