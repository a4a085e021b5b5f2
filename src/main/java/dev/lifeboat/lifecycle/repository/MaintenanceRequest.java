package dev.lifeboat.lifecycle.repository;

import dev.lifeboat.api.MaintenanceSpec;
import dev.lifeboat.api.MaintenanceTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An on-demand maintenance run ({@code lifeboat repository check NAME}): the annotation
 * {@code lifeboat.dev/request-<task>: <id>[;key=value,...]} on the Repository. A request is served
 * once: status records the id of the last one served per task, and the command waits for it.
 *
 * @param options {@code readDataSubset} (check), {@code maxUnused} (prune), {@code removeAll} (unlock)
 */
public record MaintenanceRequest(MaintenanceTask task, String id, Map<String, String> options) {
  public static final String ANNOTATION_PREFIX = "lifeboat.dev/request-";

  public static String annotation(MaintenanceTask task) {
    return ANNOTATION_PREFIX + task.name();
  }

  /** The value of the annotation that asks for this request. */
  public String annotationValue() {
    if (options.isEmpty()) {
      return id;
    }
    List<String> pairs = new ArrayList<>();
    options.forEach((k, v) -> pairs.add(k + "=" + v));
    return id + ";" + String.join(",", pairs);
  }

  /** The requests the annotations ask for, in task order; malformed ones are reported by {@link #problems}. */
  public static List<MaintenanceRequest> of(Map<String, String> annotations) {
    List<MaintenanceRequest> requests = new ArrayList<>();
    if (annotations == null) {
      return requests;
    }
    for (MaintenanceTask task : MaintenanceTask.values()) {
      String value = annotations.get(annotation(task));
      if (value != null && !value.isBlank() && problem(task, value) == null) {
        requests.add(parse(task, value));
      }
    }
    return requests;
  }

  private static MaintenanceRequest parse(MaintenanceTask task, String value) {
    int semi = value.indexOf(';');
    String id = semi < 0 ? value.trim() : value.substring(0, semi).trim();
    return new MaintenanceRequest(task, id, options(semi < 0 ? null : value.substring(semi + 1)));
  }

  /** {@code key=value,key=value} (as {@code status.running.options} keeps them) as a map. */
  public static Map<String, String> options(String raw) {
    Map<String, String> options = new LinkedHashMap<>();
    if (raw == null || raw.isBlank()) {
      return options;
    }
    for (String pair : raw.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        options.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
    return options;
  }

  /** What is wrong with a request's options (naming the option and the fix), or null. */
  public static String problem(MaintenanceTask task, String value) {
    MaintenanceRequest request = parse(task, value);
    for (Map.Entry<String, String> option : request.options.entrySet()) {
      String problem = optionProblem(task, option.getKey(), option.getValue());
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  /** Checks one option of a task (also what the CLI checks before asking). */
  public static String optionProblem(MaintenanceTask task, String key, String value) {
    switch (key) {
      case "readDataSubset" -> {
        if (task != MaintenanceTask.check) {
          return "--read-data-subset applies to check only";
        }
        return value.matches(MaintenanceSpec.READ_DATA_SUBSET) ? null : "--read-data-subset '" + value
            + "': use a percentage from 0.1% to 100% (e.g. 5%), n/t (e.g. 1/10) or a size (e.g. 500M)";
      }
      case "maxUnused" -> {
        if (task != MaintenanceTask.prune) {
          return "--max-unused applies to prune only";
        }
        return value.matches(MaintenanceSpec.MAX_UNUSED) ? null : "--max-unused '" + value
            + "': use a percentage (e.g. 5%), a size (e.g. 1G) or unlimited";
      }
      case "removeAll" -> {
        return task == MaintenanceTask.unlock ? null : "--remove-all applies to unlock only";
      }
      default -> {
        return "unknown option '" + key + "' for " + task;
      }
    }
  }
}
