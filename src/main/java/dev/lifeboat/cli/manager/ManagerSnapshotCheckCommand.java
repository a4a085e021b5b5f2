package dev.lifeboat.cli.manager;

import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.manager.RestoreRun;
import dev.lifeboat.manager.Restic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "snapshot-check", description = "Confirm a snapshot exists in the repository and holds what its"
    + " target takes (--holds files: a claim's tree; stream: one application stream).")
final class ManagerSnapshotCheckCommand extends ManagerCommand {
  @Option(names = "--snapshot", required = true, paramLabel = "ID")
  String snapshot;

  @Option(names = "--holds", defaultValue = "files", paramLabel = "files|stream")
  String holds;

  @Option(names = "--reach", paramLabel = "HOST:PORT", description = "An application target: it must accept a"
      + " connection (a name that does not resolve, or a refusal, fails the restore before anything is stopped).")
  String reach;

  @Option(names = "--target", paramLabel = "TARGET", description = "How the target is named in messages.")
  String target;

  @Override
  JobReport work() throws Exception {
    if (reach != null) {
      String unreachable = dev.lifeboat.manager.Reachability.problem(reach, java.time.Duration.ofSeconds(10));
      if (unreachable != null) {
        return JobReport.failure("cannot reach " + (target == null ? reach : target) + ": " + unreachable);
      }
    }
    return new RestoreRun(Restic.fromEnvironment()).checkSnapshot(snapshot, holds.equals("stream"));
  }
}
