package dev.lifeboat.cli.repository;

import dev.lifeboat.api.MaintenanceTask;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lifeboat repository prune NAME [--max-unused X] [--wait]}. */
@Command(name = "prune", description = "Reclaim the space of forgotten snapshots now (restic prune); sizes before and"
    + " after go into status.", exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:requested (with --wait: pruned)",
        "1:with --wait: the prune failed", "2:bad input, or the Repository is not Ready", "3:--wait timed out",
        "4:no such Repository", "5:the Kubernetes API could not be reached"})
public final class RepositoryPruneCommand extends MaintenanceRequestCommand {
  @Option(names = "--max-unused", paramLabel = "LIMIT",
      description = "Unused space to tolerate rather than repack: a percentage (5%%), a size (1G) or unlimited.")
  String maxUnused;

  @Override
  MaintenanceTask task() {
    return MaintenanceTask.prune;
  }

  @Override
  Map<String, String> options() {
    Map<String, String> options = super.options();
    if (maxUnused != null) {
      options.put("maxUnused", maxUnused);
    }
    return options;
  }
}
