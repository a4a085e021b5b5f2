package dev.lifeboat.cli.schedule;

import dev.lifeboat.cli.ClientCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lifeboat schedule suspend NAME}. */
@Command(name = "suspend", description = "Stop a Schedule's runs until resumed (its Backups and retention stay).")
public final class ScheduleSuspendCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Override
  protected int run() {
    return ScheduleSuspension.set(this, name, true);
  }
}
