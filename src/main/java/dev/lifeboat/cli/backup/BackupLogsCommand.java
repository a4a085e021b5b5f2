package dev.lifeboat.cli.backup;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.JobLogs;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lifeboat backup logs NAME [--raw]}: why it failed (when it did), then its Job pods' logs, oldest first. */
@Command(name = "logs", description = "Print why a Backup failed (when it did) and the logs of its Job pods, restic's"
    + " JSON lines made readable (--raw: as restic wrote them).")
public final class BackupLogsCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Option(names = "--raw", description = "Print the pods' logs as written (restic's JSON lines).")
  boolean raw;

  @Override
  protected int run() {
    String ns = namespace();
    Backup backup = require(Backup.class, name);
    String job = JobNames.jobName(name, JobPurpose.BACKUP);
    var status = backup.getStatus();
    String outcome = status != null && status.phase == BackupPhase.Failed
        ? "backup " + name + " Failed: " + status.message : null;
    return JobLogs.print(this, outcome, client().pods().inNamespace(ns).withLabel("job-name", job).list().getItems(),
        raw, "no pods for Job " + job + " (not started yet, or cleaned up)");
  }
}
