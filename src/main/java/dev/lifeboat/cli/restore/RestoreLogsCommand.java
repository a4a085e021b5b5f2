package dev.lifeboat.cli.restore;

import dev.lifeboat.api.Restore;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lifeboat restore logs NAME}: the pods of its check, restore and prune Jobs, oldest first. */
@Command(name = "logs", description = "Print the logs of a Restore's Job pods.")
public final class RestoreLogsCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Override
  protected int run() {
    String ns = namespace();
    require(Restore.class, name);
    List<Pod> pods = new ArrayList<>();
    for (JobPurpose purpose : List.of(JobPurpose.SNAPSHOT_CHECK, JobPurpose.RESTORE, JobPurpose.PRUNE)) {
      pods.addAll(client().pods().inNamespace(ns).withLabel("job-name", JobNames.jobName(name, purpose)).list().getItems());
    }
    if (pods.isEmpty()) {
      throw new UserException(ExitCodes.NOT_FOUND, "no Job pods for Restore " + name + " (not started yet, or cleaned up)");
    }
    pods.sort(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())));
    for (Pod pod : pods) {
      out().println("==> pod " + pod.getMetadata().getName() + " <==");
      out().print(client().pods().inNamespace(ns).withName(pod.getMetadata().getName()).getLog());
    }
    return ExitCodes.OK;
  }
}
