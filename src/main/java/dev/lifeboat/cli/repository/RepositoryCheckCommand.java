package dev.lifeboat.cli.repository;

import dev.lifeboat.api.MaintenanceTask;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lifeboat repository check NAME [--read-data-subset S] [--wait]}. */
@Command(name = "check", description = "Check a Repository for damage now (restic check); a failure sets Healthy=False.",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:requested (with --wait: no errors found)",
        "1:with --wait: the check found damage or failed", "2:bad input, or the Repository is not Ready",
        "3:--wait timed out", "4:no such Repository", "5:the Kubernetes API could not be reached"})
public final class RepositoryCheckCommand extends MaintenanceRequestCommand {
  @Option(names = "--read-data-subset", paramLabel = "SUBSET",
      description = "Also read this part of the data back: a percentage (5%%), n/t (1/10) or a size (500M).")
  String readDataSubset;

  @Override
  MaintenanceTask task() {
    return MaintenanceTask.check;
  }

  @Override
  Map<String, String> options() {
    Map<String, String> options = super.options();
    if (readDataSubset != null) {
      options.put("readDataSubset", readDataSubset);
    }
    return options;
  }
}
