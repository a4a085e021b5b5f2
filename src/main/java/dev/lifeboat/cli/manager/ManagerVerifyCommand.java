package dev.lifeboat.cli.manager;

import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.manager.Restic;
import dev.lifeboat.manager.VerifyRun;
import picocli.CommandLine.Command;

@Command(name = "verify", description = "Confirm a Backup's snapshot is in the repository.")
final class ManagerVerifyCommand extends ManagerCommand {
  @Override
  JobReport work() throws Exception {
    return new VerifyRun(client(), Restic.fromEnvironment()).run(targetNamespace, name, snapshotHost);
  }
}
