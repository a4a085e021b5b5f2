package dev.lifeboat.cli;

import dev.lifeboat.jobs.CommandContainer;
import dev.lifeboat.jobs.RunLogs;
import dev.lifeboat.output.JobLogText;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Comparator;
import java.util.List;

/**
 * {@code backup logs} and {@code restore logs}: why the object ended as it did (its message, for a failure), then each
 * Job pod's log, oldest first, readable ({@link JobLogText}) unless {@code --raw} asks for restic's JSON lines.
 */
public final class JobLogs {
  /** The container of every lifeboat Job that runs lifeboat itself (JobFactory names it). */
  static final String MAIN_CONTAINER = "lifeboat";
  private JobLogs() {}

  /**
   * The logs of {@code jobs}, in order: each from its pods while they exist, else the log the controller kept when the
   * Job ended ({@code <job>-log}, {@link RunLogs}): pods go a day after their Job ends, kept logs with their object.
   *
   * @param outcome the object's phase and message when it failed ("Failed: why"), else null
   */
  public static int printRuns(ClientCommand command, String outcome, String namespace, List<String> jobs, boolean raw,
      String none) {
    List<Pod> pods = new java.util.ArrayList<>();
    java.util.Map<String, String> kept = new java.util.LinkedHashMap<>();
    for (String job : jobs) {
      List<Pod> own = command.client().pods().inNamespace(namespace).withLabel("job-name", job).list().getItems();
      if (own.isEmpty()) {
        String log = RunLogs.read(command.client().configMaps().inNamespace(namespace).withName(RunLogs.configMap(job)).get());
        if (log != null) {
          kept.put(job, log);
        }
      }
      pods.addAll(own);
    }
    if (kept.isEmpty()) {
      return print(command, outcome, pods, raw, none);
    }
    if (outcome != null) {
      command.out().println(outcome);
    }
    for (var entry : kept.entrySet()) {
      command.out().println("==> Job " + entry.getKey() + ": its pods are gone; the log kept when it ended <==");
      String shown = raw ? entry.getValue() : JobLogText.readable(entry.getValue());
      command.out().println(shown == null ? "" : shown.stripTrailing());
    }
    return pods.isEmpty() ? ExitCodes.OK : print(command, null, pods, raw, none);
  }

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
          .withName(pod.getMetadata().getName()).inContainer(MAIN_CONTAINER).getLog();
      String shown = raw ? log : JobLogText.readable(log);
      if (shown == null || shown.isBlank()) {
        command.out().println("(this pod wrote nothing" + (pod.getStatus() != null && pod.getStatus().getPhase() != null
            ? "; it is " + pod.getStatus().getPhase() : "") + ")");
      } else {
        command.out().println(shown.stripTrailing());
      }
      boolean hasSource = pod.getSpec() != null && pod.getSpec().getInitContainers() != null && pod.getSpec()
          .getInitContainers().stream().anyMatch(c -> CommandContainer.NAME.equals(c.getName()));
      if (hasSource) {
        // A command source's program runs in a container of its own: its stderr is there.
        String source = command.client().pods().inNamespace(pod.getMetadata().getNamespace())
            .withName(pod.getMetadata().getName()).inContainer(CommandContainer.NAME).getLog();
        command.out().println("==> pod " + pod.getMetadata().getName() + ", container " + CommandContainer.NAME + " <==");
        command.out().println(source == null || source.isBlank() ? "(it wrote nothing)" : source.stripTrailing());
      }
    }
    return ExitCodes.OK;
  }
}
