package dev.lifeboat.cli.manager;

import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.manager.BackupRun;
import dev.lifeboat.manager.Restic;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "backup", description = "Back up the mounted claim into the Backup's repository.")
final class ManagerBackupCommand extends ManagerCommand {
  @Option(names = "--path", required = true, paramLabel = "DIR", description = "Where the claim is mounted.")
  Path path;

  @Override
  JobReport work() throws Exception {
    return new BackupRun(client(), Restic.fromEnvironment(), clock()).run(targetNamespace, name, path);
  }
}
