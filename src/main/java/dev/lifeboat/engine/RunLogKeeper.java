package dev.lifeboat.engine;

import dev.lifeboat.jobs.CommandContainer;
import dev.lifeboat.jobs.RunLogs;
import dev.lifeboat.lifecycle.JobView;
import dev.lifeboat.api.Restore;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps each ended Job's log ({@link RunLogs}): on the Job informer's news that a Job succeeded or failed, one
 * background thread reads its pods' logs (the lifeboat container's, and a command source's) and writes
 * {@code <job>-log}, once. After a controller restart the initial list brings every ended Job again: one whose log is
 * kept already costs one read. A Job whose pods went before the controller saw it end keeps nothing.
 */
final class RunLogKeeper {
  private static final Logger LOG = Logger.getLogger(RunLogKeeper.class.getName());
  /** How much of a container's log is read: its end, where the outcome is. */
  static final int TAIL_LINES = 20_000;
  private final KubernetesClient client;
  private final Set<String> handled = ConcurrentHashMap.newKeySet();
  /** The controller's thread for work beside reconciling (shared: see WatchController). */
  private final Executor executor;

  RunLogKeeper(KubernetesClient client, Executor executor) {
    this.client = client;
    this.executor = executor;
  }

  void jobChanged(Job job) {
    JobView.JobState state = JobViews.of(job, List.of()).state();
    if (state != JobView.JobState.SUCCEEDED && state != JobView.JobState.FAILED) {
      return;
    }
    String key = job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
    if (handled.add(key)) {
      executor.execute(() -> keep(job, key));
    }
  }

  void jobGone(Job job) {
    handled.remove(job.getMetadata().getNamespace() + "/" + job.getMetadata().getName());
  }

  private void keep(Job job, String key) {
    String ns = job.getMetadata().getNamespace();
    try {
      if (client.configMaps().inNamespace(ns).withName(RunLogs.configMap(job.getMetadata().getName())).get() != null) {
        return;
      }
      List<Pod> pods = client.pods().inNamespace(ns).withLabel("job-name", job.getMetadata().getName()).list().getItems()
          .stream().sorted(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp()))).toList();
      if (pods.isEmpty()) {
        return;
      }
      StringBuilder text = new StringBuilder();
      for (Pod pod : pods) {
        append(text, pod, "lifeboat", "==> pod " + pod.getMetadata().getName() + " <==");
        append(text, pod, CommandContainer.NAME, "==> pod " + pod.getMetadata().getName() + ", container "
            + CommandContainer.NAME + " <==");
      }
      ConfigMap kept = RunLogs.keep(job, owner(job), text.toString());
      if (kept != null) {
        client.configMaps().inNamespace(ns).resource(kept).create();
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409 && e.getCode() != 404) {
        handled.remove(key); // the next news of this Job tries again
        LOG.log(Level.FINE, "could not keep the log of Job " + key + ": " + e.getMessage());
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "could not keep the log of Job " + key, e);
    }
  }

  /** The object the Job ran for; for a drill's Restore, the Drill (which deletes that Restore when it is done). */
  private OwnerReference owner(Job job) {
    OwnerReference owner = RunLogs.ownerOf(job);
    if (owner != null && "Restore".equals(owner.getKind())) {
      Restore restore = client.resources(Restore.class).inNamespace(job.getMetadata().getNamespace())
          .withName(owner.getName()).get();
      OwnerReference drill = restore == null ? null : RunLogs.ownerOf(restore);
      if (drill != null && "Drill".equals(drill.getKind())) {
        return drill;
      }
    }
    return owner;
  }

  private void append(StringBuilder text, Pod pod, String containerName, String header) {
    List<Container> containers = new java.util.ArrayList<>();
    if (pod.getSpec() != null) {
      containers.addAll(pod.getSpec().getContainers());
      if (pod.getSpec().getInitContainers() != null) {
        containers.addAll(pod.getSpec().getInitContainers());
      }
    }
    Container container = containers.stream().filter(c -> containerName.equals(c.getName())).findFirst().orElse(null);
    if (container == null) {
      return;
    }
    String log = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
        .inContainer(containerName).tailingLines(TAIL_LINES).getLog();
    text.append(header).append('\n');
    String redacted = RunLogs.redact(log, container);
    text.append(redacted == null || redacted.isBlank() ? "(it wrote nothing)\n" : redacted.endsWith("\n") ? redacted : redacted + "\n");
  }

}
