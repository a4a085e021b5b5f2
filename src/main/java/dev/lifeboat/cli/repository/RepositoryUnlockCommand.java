package dev.lifeboat.cli.repository;

import dev.lifeboat.api.MaintenanceTask;
import dev.lifeboat.cli.UserException;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lifeboat repository unlock NAME [--remove-all --force] [--wait]}. */
@Command(name = "unlock", description = {"Remove stale restic locks now: restic's own stale ones, and those of pods that"
    + " no longer exist. A live lock is kept unless --remove-all --force."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:requested (with --wait: done)",
        "1:with --wait: the unlock failed", "2:bad input (--remove-all without --force), or the Repository is not Ready",
        "3:--wait timed out", "4:no such Repository", "5:the Kubernetes API could not be reached"})
public final class RepositoryUnlockCommand extends MaintenanceRequestCommand {
  @Option(names = "--remove-all", description = "Remove every lock, live ones too (needs --force): only when you know"
      + " no restic process uses the repository.")
  boolean removeAll;

  @Option(names = "--force", description = "Confirm --remove-all.")
  boolean force;

  @Override
  MaintenanceTask task() {
    return MaintenanceTask.unlock;
  }

  @Override
  Map<String, String> options() {
    if (removeAll && !force) {
      throw UserException.usage("--remove-all also removes the locks of running backups and restores; add --force if"
          + " you are sure nothing uses the repository");
    }
    Map<String, String> options = super.options();
    if (removeAll) {
      options.put("removeAll", "true");
    }
    return options;
  }
}
