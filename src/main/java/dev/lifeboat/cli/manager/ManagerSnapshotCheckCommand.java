package dev.lifeboat.cli.manager;

import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.manager.RestoreRun;
import dev.lifeboat.manager.Restic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "snapshot-check", description = "Confirm a snapshot exists in the repository.")
final class ManagerSnapshotCheckCommand extends ManagerCommand {
  @Option(names = "--snapshot", required = true, paramLabel = "ID")
  String snapshot;

  @Override
  JobReport work() throws Exception {
    return new RestoreRun(Restic.fromEnvironment()).checkSnapshot(snapshot);
  }
}
