package dev.lifeboat.cli.schedule;

import dev.lifeboat.api.Schedule;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.GetSupport;
import dev.lifeboat.output.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lifeboat schedule get [NAME]}. */
@Command(name = "get", description = "List Schedules (phase, cron, next and last run), or show one.")
public final class ScheduleGetCommand extends ClientCommand {
  @Parameters(arity = "0..1", paramLabel = "NAME")
  String name;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
      description = "table, wide, yaml, json or name (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Override
  protected int run() {
    return GetSupport.get(this, Schedule.class, name, output);
  }
}
