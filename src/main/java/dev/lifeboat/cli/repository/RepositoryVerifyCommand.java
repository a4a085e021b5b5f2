package dev.lifeboat.cli.repository;

import dev.lifeboat.api.MaintenanceTask;
import picocli.CommandLine.Command;

/** {@code lifeboat repository verify NAME [--wait]}. */
@Command(name = "verify", description = {"Compare the Repository's snapshots with the Backups that claim them now:"
    + " a Ready Backup whose snapshot is gone gets condition SnapshotMissing; snapshots no Backup claims are counted."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:requested (with --wait: verified; missing snapshots are"
        + " reported, not an error)", "1:with --wait: the verify failed", "2:the Repository is not Ready",
        "3:--wait timed out", "4:no such Repository", "5:the Kubernetes API could not be reached"})
public final class RepositoryVerifyCommand extends MaintenanceRequestCommand {
  @Override
  MaintenanceTask task() {
    return MaintenanceTask.verify;
  }
}
