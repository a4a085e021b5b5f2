package dev.lifeboat.cli.drill;

import dev.lifeboat.api.Drill;
import dev.lifeboat.api.DrillPhase;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.JobLogs;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.drill.DrillLifecycle;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lifeboat drill logs NAME}: why it failed, then its Restore's Jobs' logs (check, restore) and the verify Job's. */
@Command(name = "logs", description = "Print why the drill failed (when it did) and the logs of its Jobs: its"
    + " restore's check and restore, then the verify command.",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:printed", "2:bad flag",
        "4:the named drill does not exist", "5:the Kubernetes API could not be reached"})
public final class DrillLogsCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Option(names = "--raw", description = "Print the pods' logs as written (restic's JSON lines).")
  boolean raw;

  @Override
  protected int run() {
    Drill drill = require(Drill.class, name);
    String restore = DrillLifecycle.restoreName(name);
    List<String> jobs = List.of(JobNames.jobName(restore, JobPurpose.SNAPSHOT_CHECK),
        JobNames.jobName(restore, JobPurpose.RESTORE), JobNames.jobName(name, JobPurpose.DRILL_VERIFY));
    var s = drill.getStatus();
    String failure = s != null && s.phase == DrillPhase.Failed ? "drill " + name + " Failed: " + s.message : null;
    return JobLogs.printRuns(this, failure, namespace(), jobs, raw, "no Job pods and no kept logs for Drill " + name
        + " (not started yet)");
  }
}
