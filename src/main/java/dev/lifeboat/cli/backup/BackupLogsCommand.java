package dev.lifeboat.cli.backup;

import dev.lifeboat.api.Backup;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lifeboat backup logs NAME}: the logs of every pod of the backup's Job, oldest first. */
@Command(name = "logs", description = "Print the logs of a Backup's Job pods.")
public final class BackupLogsCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Override
  protected int run() {
    String ns = namespace();
    require(Backup.class, name);
    String job = JobNames.jobName(name, JobPurpose.BACKUP);
    List<Pod> pods = client().pods().inNamespace(ns).withLabel("job-name", job).list().getItems().stream()
        .sorted(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp()))).toList();
    if (pods.isEmpty()) {
      throw new UserException(ExitCodes.NOT_FOUND, "no pods for Job " + job + " (not started yet, or cleaned up)");
    }
    for (Pod pod : pods) {
      if (pods.size() > 1) {
        out().println("==> pod " + pod.getMetadata().getName() + " <==");
      }
      out().print(client().pods().inNamespace(ns).withName(pod.getMetadata().getName()).getLog());
    }
    return ExitCodes.OK;
  }
}
