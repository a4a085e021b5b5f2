package dev.lifeboat.cli.manager;

import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.manager.RepositoryInitRun;
import dev.lifeboat.manager.Restic;
import picocli.CommandLine.Command;

@Command(name = "repository-init", description = "Open the Repository, creating it when its init policy allows.")
final class ManagerRepositoryInitCommand extends ManagerCommand {
  @Override
  JobReport work() throws Exception {
    return new RepositoryInitRun(client(), Restic.fromEnvironment()).run(targetNamespace, name);
  }
}
