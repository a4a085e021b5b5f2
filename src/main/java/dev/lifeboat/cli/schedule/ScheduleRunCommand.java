package dev.lifeboat.cli.schedule;

import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lifeboat schedule run NAME [--wait]}: one run now, as the cron would (also on a suspended Schedule). */
@Command(name = "run", description = {"Run a Schedule once now, as its cron would: one Backup per matching PVC,"
    + " concurrencyPolicy and restore locks respected; also on a suspended Schedule. Prints the Backups created."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:Backups created (with --wait: all Ready, retention applied)",
        "1:with --wait: a Backup Failed",
        "2:the Schedule cannot run (its problems are printed)",
        "3:--wait timed out",
        "4:no such Schedule",
        "5:the Kubernetes API could not be reached"})
public final class ScheduleRunCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Option(names = "--wait", description = "Wait until every Backup of the run ends and retention is applied.")
  boolean wait;

  @Option(names = "--timeout", paramLabel = "DUR", converter = DurationConverter.class,
      description = "With --wait: give up after this long (default: the Backups' timeout plus a margin).")
  Duration timeout;

  @Override
  protected int run() {
    return ScheduleNow.run(this, name, wait, timeout);
  }
}
