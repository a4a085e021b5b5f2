package dev.lifeboat.cli.manager;

import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.manager.DeleteDataRun;
import dev.lifeboat.manager.Restic;
import picocli.CommandLine.Command;

/** {@code backup-manager delete-data --name REPOSITORY}: removes the repository's data (deletionPolicy Delete). */
@Command(name = "delete-data", description = "Remove a Repository's data before the object goes (deletionPolicy Delete).")
final class ManagerDeleteDataCommand extends ManagerCommand {
  @picocli.CommandLine.Option(names = "--own-snapshots-only", description = "Other Repositories name the URL: forget"
      + " this namespace's snapshots only (no prune, no removal).")
  boolean ownSnapshotsOnly;

  @Override
  JobReport work() throws Exception {
    return new DeleteDataRun(Restic.fromEnvironment(), System.getenv("RESTIC_REPOSITORY"), targetNamespace)
        .run(ownSnapshotsOnly);
  }
}
