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

  @Override
  JobReport work() throws Exception {
    return new RestoreRun(Restic.fromEnvironment()).checkSnapshot(snapshot, holds.equals("stream"));
  }
}
