package dev.lifeboat.cli.hibernate;

import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lifeboat hibernate wake NAME [--until T] [--wait [--timeout D]]}. */
@Command(name = "wake", description = "Wake a plan's targets now (until --until, or the start of the next off-hours).",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:requested (with --wait: the plan is Active)",
        "1:with --wait: the plan went to Error or is suspended (its message is printed)", "2:bad input",
        "3:--wait timed out", "4:no such HibernatePlan", "5:the Kubernetes API could not be reached"})
public final class HibernateWakeCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Option(names = "--until", paramLabel = "WHEN", description = "When the off-hours decide again: a duration (2h),"
      + " a time of day in the plan's zone (07:30) or a date and time (2026-12-01T07:00:00+01:00).")
  String until;

  @Option(names = "--wait", description = "Wait until the plan is Active (driving it from here when no controller runs).")
  boolean wait;

  @Option(names = "--timeout", paramLabel = "DUR", converter = DurationConverter.class,
      description = "With --wait: give up after this long (default 10m).")
  Duration timeout;

  @Override
  protected int run() {
    return HibernateRequest.request(this, name, false, until, wait, timeout);
  }
}
