package dev.lifeboat.kinds.backup;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupHook;
import dev.lifeboat.api.BackupStatus;
import dev.lifeboat.api.Durations;
import dev.lifeboat.api.HookResult;
import dev.lifeboat.cluster.ApiWriter;
import dev.lifeboat.cluster.ClusterView;
import dev.lifeboat.engine.Applying;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.schedule.LabelSelectors;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs a Backup's hooks of one stage, by the controller (or the CLI driving the Backup itself) through
 * {@code pods/exec}: each hook in every running pod it names, in order, each run recorded in the status the action's
 * pass is about to write, with an Event. The output kept is its last lines, with {@code NAME=value} of the variables
 * the container takes from Secrets blanked: a hook that prints its environment does not put a password into the
 * status.
 */
final class HookRuns {
  static final int OUTPUT_LINES = 10;
  static final String REDACTED = "[redacted]";

  private HookRuns() {}

  static void run(Action.RunHooks run, Applying a) {
    BackupStatus status = (BackupStatus) a.status();
    if (status.hooks == null) {
      status.hooks = new ArrayList<>();
    }
    Backup backup = (Backup) a.resource();
    ClusterView live = a.context().live();
    ApiWriter writer = a.context().applier().writer();
    boolean pre = "pre".equals(run.stage());
    for (BackupHook hook : run.hooks()) {
      List<Pod> pods;
      String unresolved = null;
      try {
        pods = targets(live, a.namespace(), hook);
      } catch (IllegalArgumentException e) {
        pods = List.of();
        unresolved = "has a selector that is not valid: " + e.getMessage();
      }
      if (pods.isEmpty()) {
        HookResult missing = new HookResult(run.stage(), hook.describe(), null, hook.container);
        missing.error = unresolved != null ? unresolved : "found no running pod (" + hook.target() + ")";
        missing.failsBackup = hook.failsBackup();
        record(a, status, missing);
        if (pre && hook.failsBackup()) {
          return;
        }
        continue;
      }
      for (Pod pod : pods) {
        HookResult result = runIn(writer, backup, pod, hook, run.stage());
        record(a, status, result);
        if (pre && !result.succeeded() && hook.failsBackup()) {
          return; // no copy will be taken: the post hooks undo what ran
        }
      }
    }
  }

  private static HookResult runIn(ApiWriter writer, Backup backup, Pod pod, BackupHook hook, String stage) {
    String ns = backup.getMetadata().getNamespace();
    Container container = hook.container == null ? pod.getSpec().getContainers().get(0)
        : pod.getSpec().getContainers().stream().filter(c -> hook.container.equals(c.getName())).findFirst().orElse(null);
    HookResult result = new HookResult(stage, hook.describe(), pod.getMetadata().getName(),
        container == null ? hook.container : container.getName());
    result.failsBackup = hook.failsBackup();
    if (container == null) {
      result.error = "pod " + pod.getMetadata().getName() + " has no container " + hook.container;
      return result;
    }
    Duration timeout = Durations.parse(hook.timeout == null ? BackupHook.DEFAULT_TIMEOUT : hook.timeout);
    ApiWriter.ExecResult exec = writer.exec(ns, pod.getMetadata().getName(), container.getName(), hook.command, timeout);
    result.exitCode = exec.exitCode();
    result.error = exec.error();
    result.durationMillis = exec.millis();
    result.output = redact(lastLines(exec.output()), secretAssignments(container));
    return result;
  }

  private static void record(Applying a, BackupStatus status, HookResult result) {
    status.hooks.add(result);
    if (result.succeeded()) {
      a.event(new Action.RecordEvent(Action.EventType.Normal, "HookSucceeded", result.stage + " hook \"" + result.hook
          + "\" succeeded in pod " + result.pod + " (" + result.durationMillis + " ms)"));
    } else {
      a.event(new Action.RecordEvent(Action.EventType.Warning, "HookFailed", result.failure()
          + (Boolean.FALSE.equals(result.failsBackup) ? " (onError: Continue)" : "")));
    }
  }

  /**
   * The running pods a hook names, by name.
   *
   * @throws IllegalArgumentException when its selector is not one (applied with kubectl, past the CLI's check)
   */
  static List<Pod> targets(ClusterView live, String ns, BackupHook hook) {
    LabelSelector selector;
    if (hook.pod != null) {
      Pod pod = live.get(Pod.class, ns, hook.pod);
      return pod == null || !running(pod) ? List.of() : List.of(pod);
    } else if (hook.workload != null) {
      String[] kindAndName = hook.workload.split("/", 2);
      selector = switch (kindAndName[0]) {
        case "deployment" -> selectorOf(live.get(Deployment.class, ns, kindAndName[1]), d -> d.getSpec().getSelector());
        case "statefulset" -> selectorOf(live.get(StatefulSet.class, ns, kindAndName[1]), s -> s.getSpec().getSelector());
        default -> selectorOf(live.get(DaemonSet.class, ns, kindAndName[1]), d -> d.getSpec().getSelector());
      };
      if (selector == null) {
        return List.of();
      }
    } else {
      selector = LabelSelectors.parse(hook.selector);
    }
    return live.listAll(Pod.class, ns).stream().filter(HookRuns::running)
        .filter(p -> LabelSelectors.matches(selector, p.getMetadata().getLabels() == null ? java.util.Map.of()
            : p.getMetadata().getLabels()))
        .sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
  }

  private static <T> LabelSelector selectorOf(T workload, java.util.function.Function<T, LabelSelector> selector) {
    return workload == null ? null : selector.apply(workload);
  }

  private static boolean running(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
        && "Running".equals(pod.getStatus().getPhase());
  }

  static String lastLines(String output) {
    if (output == null || output.isEmpty()) {
      return null;
    }
    List<String> lines = output.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - OUTPUT_LINES), lines.size()));
  }

  static java.util.regex.Pattern secretAssignments(Container container) {
    return dev.lifeboat.jobs.RunLogs.secretAssignments(container);
  }

  static String redact(String output, java.util.regex.Pattern secrets) {
    return output == null || secrets == null ? output : secrets.matcher(output).replaceAll("$1=" + REDACTED);
  }
}
