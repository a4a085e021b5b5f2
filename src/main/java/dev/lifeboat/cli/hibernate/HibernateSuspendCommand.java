package dev.lifeboat.cli.hibernate;

import dev.lifeboat.cli.ClientCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lifeboat hibernate suspend NAME}. */
@Command(name = "suspend", description = "Stop a plan from touching anything until resumed (the phase it was in is recorded).")
public final class HibernateSuspendCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Override
  protected int run() {
    return HibernateSuspension.set(this, name, true);
  }
}
