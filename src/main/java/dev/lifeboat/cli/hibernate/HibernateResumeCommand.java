package dev.lifeboat.cli.hibernate;

import dev.lifeboat.cli.ClientCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lifeboat hibernate resume NAME}. */
@Command(name = "resume", description = "Resume a suspended plan: a plan resumed while its targets are down and the off-hours are over wakes them.")
public final class HibernateResumeCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Override
  protected int run() {
    return HibernateSuspension.set(this, name, false);
  }
}
