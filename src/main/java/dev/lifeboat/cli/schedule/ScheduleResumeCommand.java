package dev.lifeboat.cli.schedule;

import dev.lifeboat.cli.ClientCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lifeboat schedule resume NAME}. */
@Command(name = "resume", description = "Let a suspended Schedule run again (from its next fire time: no catch-up).")
public final class ScheduleResumeCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Override
  protected int run() {
    return ScheduleSuspension.set(this, name, false);
  }
}
