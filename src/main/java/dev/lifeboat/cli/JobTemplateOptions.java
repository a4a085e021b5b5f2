package dev.lifeboat.cli;

import dev.lifeboat.api.JobTemplate;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * {@code --job-*}: where and as whom the Jobs' pods run ({@code spec.jobTemplate}), shared by the commands that
 * create Repositories, Backups, Restores and Schedules. Tolerations use kubectl taint's syntax.
 */
public final class JobTemplateOptions {
  private static final Pattern TOLERATION = Pattern.compile("^([A-Za-z0-9][-A-Za-z0-9_./]*)(=([-A-Za-z0-9_.]*))?(:([A-Za-z]+))?$");
  private static final List<String> EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");

  @Option(names = "--job-service-account", paramLabel = "SA",
      description = "ServiceAccount of the Jobs' pods (IRSA, Workload Identity); bind the lifeboat-manager Role to it.")
  String serviceAccount;

  @Option(names = "--job-node-selector", paramLabel = "KEY=VALUE",
      description = "A node label the Jobs' pods require (repeatable).")
  Map<String, String> nodeSelector = new LinkedHashMap<>();

  @Option(names = "--job-toleration", paramLabel = "KEY[=VALUE][:EFFECT]",
      description = "A taint the Jobs' pods tolerate, as kubectl taint writes it (repeatable): storage=true:NoSchedule.")
  List<String> tolerations = new ArrayList<>();

  @Option(names = "--job-priority-class", paramLabel = "CLASS", description = "PriorityClass of the Jobs' pods.")
  String priorityClass;

  @Option(names = "--job-cpu", paramLabel = "CPU", description = "CPU request and limit of the Jobs' container (500m, 2).")
  String cpu;

  @Option(names = "--job-memory", paramLabel = "MEM", description = "Memory request and limit of the Jobs' container (1Gi).")
  String memory;

  /** The options as given, to pass on to another command line (install writes them into the controller's args). */
  public List<String> args() {
    build(); // refused here, not in a controller that would not start
    List<String> args = new ArrayList<>();
    if (serviceAccount != null) {
      args.addAll(List.of("--job-service-account", serviceAccount));
    }
    nodeSelector.forEach((k, v) -> args.addAll(List.of("--job-node-selector", k + "=" + v)));
    tolerations.forEach(t -> args.addAll(List.of("--job-toleration", t)));
    if (priorityClass != null) {
      args.addAll(List.of("--job-priority-class", priorityClass));
    }
    if (cpu != null) {
      args.addAll(List.of("--job-cpu", cpu));
    }
    if (memory != null) {
      args.addAll(List.of("--job-memory", memory));
    }
    return args;
  }

  /** The template the options describe, or null when none was given; a bad value is a usage error naming it. */
  public JobTemplate build() {
    if (serviceAccount == null && nodeSelector.isEmpty() && tolerations.isEmpty() && priorityClass == null
        && cpu == null && memory == null) {
      return null;
    }
    JobTemplate template = new JobTemplate();
    if (serviceAccount != null) {
      Validation.objectName("--job-service-account", serviceAccount);
      template.serviceAccountName = serviceAccount;
    }
    Validation.labels("--job-node-selector", nodeSelector);
    template.nodeSelector = nodeSelector.isEmpty() ? null : new LinkedHashMap<>(nodeSelector);
    template.tolerations = tolerations.isEmpty() ? null : tolerations.stream().map(JobTemplateOptions::toleration).toList();
    if (priorityClass != null) {
      Validation.objectName("--job-priority-class", priorityClass);
      template.priorityClassName = priorityClass;
    }
    if (cpu != null || memory != null) {
      ResourceRequirements resources = new ResourceRequirements();
      Map<String, Quantity> amounts = new LinkedHashMap<>();
      if (cpu != null) {
        amounts.put("cpu", quantity("--job-cpu", cpu));
      }
      if (memory != null) {
        amounts.put("memory", quantity("--job-memory", memory));
      }
      resources.setRequests(new LinkedHashMap<>(amounts));
      resources.setLimits(new LinkedHashMap<>(amounts));
      template.resources = resources;
    }
    return template;
  }

  /** kubectl taint's syntax: KEY[=VALUE][:EFFECT]; with no value the toleration matches any (Exists). */
  static Toleration toleration(String spec) {
    Matcher m = TOLERATION.matcher(spec);
    if (!m.matches() || m.group(5) != null && !EFFECTS.contains(m.group(5))) {
      throw UserException.usage("--job-toleration " + spec + ": use KEY[=VALUE][:EFFECT], EFFECT one of "
          + String.join(", ", EFFECTS) + " (e.g. storage=true:NoSchedule)");
    }
    TolerationBuilder t = new TolerationBuilder().withKey(m.group(1)).withEffect(m.group(5));
    return (m.group(2) == null ? t.withOperator("Exists") : t.withOperator("Equal").withValue(m.group(3))).build();
  }

  private static Quantity quantity(String option, String value) {
    try {
      Quantity q = new Quantity(value);
      if (q.getNumericalAmount().signum() <= 0) {
        throw new IllegalArgumentException("not positive");
      }
      return q;
    } catch (RuntimeException e) {
      throw UserException.usage(option + " " + value + ": not a quantity (e.g. 500m or 2 for CPU, 512Mi or 2Gi for"
          + " memory)");
    }
  }
}
