package dev.lifeboat.cli.manager;

import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.manager.ForgetRun;
import dev.lifeboat.manager.Restic;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code backup-manager forget --name REPOSITORY --snapshot ID...}: one batch of deleted Backups' snapshots. */
@Command(name = "forget", description = "Forget a batch of snapshots whose Backups were deleted (deletionPolicy Delete).")
final class ManagerForgetCommand extends ManagerCommand {
  @Option(names = "--snapshot", required = true, paramLabel = "ID", description = "Snapshot to forget (repeatable).")
  List<String> snapshots = new ArrayList<>();

  @Override
  JobReport work() throws Exception {
    return new ForgetRun(Restic.fromEnvironment()).run(snapshots);
  }
}
