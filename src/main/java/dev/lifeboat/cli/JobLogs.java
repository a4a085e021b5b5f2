package dev.lifeboat.cli;

import dev.lifeboat.output.JobLogText;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Comparator;
import java.util.List;

/**
 * {@code backup logs} and {@code restore logs}: why the object ended as it did (its message, for a failure), then each
 * Job pod's log, oldest first, readable ({@link JobLogText}) unless {@code --raw} asks for restic's JSON lines.
 */
public final class JobLogs {
  private JobLogs() {}

  /**
   * @param outcome the object's phase and message when it failed ("Failed: why"), else null
   * @param pods every pod of its Jobs
   */
  public static int print(ClientCommand command, String outcome, List<Pod> pods, boolean raw, String none) {
    if (outcome != null) {
      command.out().println(outcome);
    }
    if (pods.isEmpty()) {
      if (outcome != null) {
        command.err().println("(" + none + ")");
        return ExitCodes.OK;
      }
      throw new UserException(ExitCodes.NOT_FOUND, none);
    }
    List<Pod> sorted = pods.stream()
        .sorted(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp()))).toList();
    for (Pod pod : sorted) {
      command.out().println("==> pod " + pod.getMetadata().getName() + " <==");
      String log = command.client().pods().inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName()).getLog();
      String shown = raw ? log : JobLogText.readable(log);
      if (shown == null || shown.isBlank()) {
        command.out().println("(this pod wrote nothing" + (pod.getStatus() != null && pod.getStatus().getPhase() != null
            ? "; it is " + pod.getStatus().getPhase() : "") + ")");
      } else {
        command.out().println(shown.stripTrailing());
      }
    }
    return ExitCodes.OK;
  }
}
