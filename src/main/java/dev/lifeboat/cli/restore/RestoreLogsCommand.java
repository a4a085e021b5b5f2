package dev.lifeboat.cli.restore;

import dev.lifeboat.api.Restore;
import dev.lifeboat.api.RestorePhase;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.JobLogs;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import dev.lifeboat.lifecycle.restore.RestoreCleanup;

/** {@code lifeboat restore logs NAME [--raw]}: why it failed, then the pods of its check, restore and prune Jobs. */
@Command(name = "logs", description = "Print why a Restore failed (when it did) and the logs of its Job pods, made"
    + " readable (--raw: as written).")
public final class RestoreLogsCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Option(names = "--raw", description = "Print the pods' logs as written (restic's JSON lines).")
  boolean raw;

  @Override
  protected int run() {
    String ns = namespace();
    Restore restore = require(Restore.class, name);
    List<Pod> pods = new ArrayList<>();
    for (JobPurpose purpose : List.of(JobPurpose.SNAPSHOT_CHECK, JobPurpose.RESTORE, JobPurpose.PRUNE)) {
      pods.addAll(client().pods().inNamespace(ns).withLabel("job-name", JobNames.jobName(name, purpose)).list().getItems());
    }
    var status = restore.getStatus();
    boolean failed = status != null && status.phase != null && status.phase != RestorePhase.Completed
        && RestoreCleanup.isSettled(status.phase);
    String outcome = failed ? "restore " + name + " " + status.phase + ": " + status.message : null;
    return JobLogs.print(this, outcome, pods, raw, "no Job pods for Restore " + name + " (not started yet, or cleaned up)");
  }
}
