package dev.lifeboat.cli.manager;

import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.manager.BackupRun;
import dev.lifeboat.manager.Restic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "backup", description = "Back up the mounted claim into the Backup's repository.")
final class ManagerBackupCommand extends ManagerCommand {
  @Option(names = "--path", required = true, paramLabel = "DIR", description = "Where the claim is mounted.")
  Path path;

  @Option(names = "--tag", paramLabel = "TAG", description = "A restic tag for the snapshot (repeatable).")
  List<String> tags = new ArrayList<>();

  @Override
  JobReport work() throws Exception {
    return new BackupRun(this::client, Restic.fromEnvironment(), clock())
        .run(new BackupRun.Request(targetNamespace, name, path, tags));
  }
}
