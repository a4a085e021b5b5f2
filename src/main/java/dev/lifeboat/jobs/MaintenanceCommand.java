package dev.lifeboat.jobs;

import dev.lifeboat.api.MaintenanceRun;
import dev.lifeboat.api.MaintenanceTask;
import dev.lifeboat.api.Repository;
import dev.lifeboat.lifecycle.repository.MaintenanceRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command of a Repository's maintenance Job: {@code backup-manager maintain --task T}, with the task's options
 * (a request's over the spec's). For lock clean-up it is told which pods are alive ({@code --live-host}), which of
 * lifeboat's Jobs ended ({@code --gone-job}: their pods' locks are nobody's) and since when a running Job could have
 * taken a lock ({@code --locks-before}): it has no API access of its own for that.
 */
final class MaintenanceCommand {
  private MaintenanceCommand() {}

  static List<String> of(Repository repository, String jobName, MaintenanceRun run, List<String> liveHosts,
      List<String> goneJobs, Instant locksBefore, List<String> snapshotHost) {
    var spec = repository.getSpec().maintenanceOrDefault();
    List<String> command = new ArrayList<>(List.of("lifeboat", "backup-manager", "maintain",
        "--namespace", repository.getMetadata().getNamespace(), "--name", repository.getMetadata().getName(),
        "--task", run.task.name(), "--job", jobName, "--locks-before", locksBefore.toString()));
    Map<String, String> options = MaintenanceRequest.options(run.options);
    String subset = options.getOrDefault("readDataSubset", spec.check == null ? null : spec.check.readDataSubset);
    String maxUnused = options.getOrDefault("maxUnused", spec.prune == null ? null : spec.prune.maxUnused);
    if (run.task == MaintenanceTask.check && subset != null) {
      command.addAll(List.of("--read-data-subset", subset));
    }
    if (run.task == MaintenanceTask.prune && maxUnused != null) {
      command.addAll(List.of("--max-unused", maxUnused));
    }
    if (run.task == MaintenanceTask.verify) {
      command.addAll(snapshotHost); // a namespace's Repository lists its own snapshots only
    }
    if (run.task == MaintenanceTask.unlock && "true".equals(options.get("removeAll"))) {
      command.add("--remove-all");
    }
    liveHosts.forEach(host -> command.addAll(List.of("--live-host", host)));
    goneJobs.forEach(gone -> command.addAll(List.of("--gone-job", gone)));
    return command;
  }
}
