package dev.lifeboat.cli.hibernate;

import picocli.CommandLine.Command;

/** {@code lifeboat hibernate now NAME [--until WHEN] [--wait [--timeout D]]}. */
@Command(name = "now", description = "Put a plan's targets to sleep now (until --until, or the end of the coming off-hours).",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:requested (with --wait: the plan is Hibernated)",
        "1:with --wait: the plan went to Error or is suspended (its message is printed)", "2:bad input",
        "3:--wait timed out", "4:no such HibernatePlan", "5:the Kubernetes API could not be reached"})
public final class HibernateNowCommand extends HibernateRequestCommand {
  @Override
  boolean asleep() {
    return true;
  }
}
