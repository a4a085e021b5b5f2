package dev.lifeboat.cli.hibernate;

import picocli.CommandLine.Command;

/** {@code lifeboat hibernate wake NAME [--until WHEN] [--wait [--timeout D]]}. */
@Command(name = "wake", description = "Wake a plan's targets now (until --until, or the start of the next off-hours).",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:requested (with --wait: the plan is Active)",
        "1:with --wait: the plan went to Error or is suspended (its message is printed)", "2:bad input",
        "3:--wait timed out", "4:no such HibernatePlan", "5:the Kubernetes API could not be reached"})
public final class HibernateWakeCommand extends HibernateRequestCommand {
  @Override
  boolean asleep() {
    return false;
  }
}
