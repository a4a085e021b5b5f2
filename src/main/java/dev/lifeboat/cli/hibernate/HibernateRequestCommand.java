package dev.lifeboat.cli.hibernate;

import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code hibernate now} and {@code hibernate wake} share: the plan, --until, --wait, --timeout. */
abstract class HibernateRequestCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Option(names = "--until", paramLabel = "WHEN", description = "When the off-hours decide again: a duration (2h),"
      + " a time of day in the plan's zone (07:30) or a date and time (2026-12-01T07:00:00+01:00).")
  String until;

  @Option(names = "--wait", description = "Wait until the plan is Hibernated (now) or Active (wake), driving it from"
      + " here when no controller runs.")
  boolean wait;

  @Option(names = "--timeout", paramLabel = "DUR", converter = DurationConverter.class,
      description = "With --wait: give up after this long (default 10m).")
  Duration timeout;

  /** true: to sleep; false: to wake. */
  abstract boolean asleep();

  @Override
  protected int run() {
    return HibernateRequest.request(this, name, asleep(), until, wait, timeout);
  }
}
