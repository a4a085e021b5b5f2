package dev.lifeboat.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.output.Ages;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The columns a real API server prints for the built-in kinds operators look at while lifeboat works (kubectl's
 * printers: {@code get pods -o wide} shows the node, {@code get nodes} shows SchedulingDisabled, {@code get pvc}
 * the access modes). Priority 1 columns are {@code -o wide}'s.
 */
final class BuiltInTables {
  /** A column: its name, priority and cell (object, now). */
  record Column(String name, int priority, BiFunction<JsonNode, Instant, String> cell) {
    static Column of(String name, Function<JsonNode, String> cell) {
      return new Column(name, 0, (item, now) -> cell.apply(item));
    }

    static Column wide(String name, Function<JsonNode, String> cell) {
      return new Column(name, 1, (item, now) -> cell.apply(item));
    }
  }

  private static final Column AGE = new Column("Age", 0,
      (item, now) -> TableRenderer.humanDate(item.path("metadata").path("creationTimestamp").asText(""), now));
  private static final String NONE = "<none>";

  static final Map<String, List<Column>> COLUMNS = Map.of(
      "pods", List.of(Column.of("Ready", BuiltInTables::podReady), Column.of("Status", BuiltInTables::podStatus),
          Column.of("Restarts", BuiltInTables::podRestarts), AGE,
          Column.wide("IP", item -> text(item.path("status").path("podIP"))),
          Column.wide("Node", item -> text(item.path("spec").path("nodeName"))),
          Column.wide("Nominated Node", item -> text(item.path("status").path("nominatedNodeName"))),
          Column.wide("Readiness Gates", item -> NONE)),
      "nodes", List.of(Column.of("Status", BuiltInTables::nodeStatus), Column.of("Roles", BuiltInTables::nodeRoles),
          AGE, Column.of("Version", item -> item.path("status").path("nodeInfo").path("kubeletVersion").asText("")),
          Column.wide("Internal-IP", item -> address(item, "InternalIP")),
          Column.wide("External-IP", item -> address(item, "ExternalIP")),
          Column.wide("OS-Image", item -> item.path("status").path("nodeInfo").path("osImage").asText(""))),
      "persistentvolumeclaims", List.of(Column.of("Status", item -> item.path("status").path("phase").asText("")),
          Column.of("Volume", item -> item.path("spec").path("volumeName").asText("")),
          Column.of("Capacity", item -> item.path("status").path("capacity").path("storage").asText("")),
          Column.of("Access Modes", item -> modes(item.path("status").path("accessModes"))),
          Column.of("StorageClass", item -> item.path("spec").path("storageClassName").asText("")), AGE,
          Column.wide("VolumeMode", item -> item.path("spec").path("volumeMode").asText("Filesystem"))),
      "persistentvolumes", List.of(
          Column.of("Capacity", item -> item.path("spec").path("capacity").path("storage").asText("")),
          Column.of("Access Modes", item -> modes(item.path("spec").path("accessModes"))),
          Column.of("Reclaim Policy", item -> item.path("spec").path("persistentVolumeReclaimPolicy").asText("")),
          Column.of("Status", item -> item.path("status").path("phase").asText("")),
          Column.of("Claim", BuiltInTables::claimOf),
          Column.of("StorageClass", item -> item.path("spec").path("storageClassName").asText("")), AGE),
      "deployments", List.of(Column.of("Ready", item -> item.path("status").path("readyReplicas").asInt(0) + "/"
              + item.path("spec").path("replicas").asInt(1)),
          Column.of("Up-to-date", item -> item.path("status").path("updatedReplicas").asText("0")),
          Column.of("Available", item -> item.path("status").path("availableReplicas").asText("0")), AGE,
          Column.wide("Containers", item -> containers(item, "name")),
          Column.wide("Images", item -> containers(item, "image"))),
      "statefulsets", List.of(Column.of("Ready", item -> item.path("status").path("readyReplicas").asInt(0) + "/"
          + item.path("spec").path("replicas").asInt(1)), AGE,
          Column.wide("Containers", item -> containers(item, "name")),
          Column.wide("Images", item -> containers(item, "image"))),
      "jobs", List.of(Column.of("Status", BuiltInTables::jobStatus),
          Column.of("Completions", item -> item.path("status").path("succeeded").asInt(0) + "/"
              + item.path("spec").path("completions").asInt(1)),
          new Column("Duration", 0, BuiltInTables::jobDuration), AGE));

  private BuiltInTables() {}

  private static String text(JsonNode value) {
    return value.isMissingNode() || value.asText().isEmpty() ? NONE : value.asText();
  }

  private static String podReady(JsonNode pod) {
    int ready = 0;
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      ready += status.path("ready").asBoolean(false) ? 1 : 0;
    }
    return ready + "/" + pod.path("spec").path("containers").size();
  }

  /** kubectl's STATUS: Terminating, a container's waiting or terminated reason, else the phase. */
  private static String podStatus(JsonNode pod) {
    if (pod.path("metadata").has("deletionTimestamp")) {
      return "Terminating";
    }
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      String waiting = status.path("state").path("waiting").path("reason").asText("");
      String terminated = status.path("state").path("terminated").path("reason").asText("");
      if (!waiting.isEmpty()) {
        return waiting;
      }
      if (!terminated.isEmpty()) {
        return terminated;
      }
    }
    return pod.path("status").path("reason").asText(pod.path("status").path("phase").asText("Pending"));
  }

  private static String podRestarts(JsonNode pod) {
    int restarts = 0;
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      restarts += status.path("restartCount").asInt(0);
    }
    return String.valueOf(restarts);
  }

  private static String nodeStatus(JsonNode node) {
    String ready = "Unknown";
    for (JsonNode condition : node.path("status").path("conditions")) {
      if ("Ready".equals(condition.path("type").asText())) {
        ready = "True".equals(condition.path("status").asText()) ? "Ready" : "NotReady";
      }
    }
    return node.path("spec").path("unschedulable").asBoolean(false) ? ready + ",SchedulingDisabled" : ready;
  }

  private static String nodeRoles(JsonNode node) {
    List<String> roles = new ArrayList<>();
    node.path("metadata").path("labels").fieldNames().forEachRemaining(label -> {
      if (label.startsWith("node-role.kubernetes.io/")) {
        roles.add(label.substring("node-role.kubernetes.io/".length()));
      }
    });
    return roles.isEmpty() ? NONE : String.join(",", roles);
  }

  private static String address(JsonNode node, String type) {
    for (JsonNode address : node.path("status").path("addresses")) {
      if (type.equals(address.path("type").asText())) {
        return address.path("address").asText();
      }
    }
    return NONE;
  }

  /** RWO,RWX as kubectl abbreviates access modes. */
  private static String modes(JsonNode modes) {
    List<String> short_ = new ArrayList<>();
    for (JsonNode mode : modes) {
      short_.add(switch (mode.asText()) {
        case "ReadWriteOnce" -> "RWO";
        case "ReadOnlyMany" -> "ROX";
        case "ReadWriteMany" -> "RWX";
        case "ReadWriteOncePod" -> "RWOP";
        default -> mode.asText();
      });
    }
    return String.join(",", short_);
  }

  private static String claimOf(JsonNode volume) {
    JsonNode ref = volume.path("spec").path("claimRef");
    return ref.isMissingNode() ? "" : ref.path("namespace").asText() + "/" + ref.path("name").asText();
  }

  private static String containers(JsonNode workload, String field) {
    List<String> values = new ArrayList<>();
    workload.path("spec").path("template").path("spec").path("containers")
        .forEach(container -> values.add(container.path(field).asText()));
    return String.join(",", values);
  }

  private static String jobStatus(JsonNode job) {
    for (JsonNode condition : job.path("status").path("conditions")) {
      if ("True".equals(condition.path("status").asText())) {
        String type = condition.path("type").asText();
        if (type.equals("Complete") || type.equals("Failed") || type.equals("Suspended")) {
          return type;
        }
      }
    }
    return "Running";
  }

  private static String jobDuration(JsonNode job, Instant now) {
    String start = job.path("status").path("startTime").asText("");
    if (start.isEmpty()) {
      return "";
    }
    try {
      String end = job.path("status").path("completionTime").asText("");
      Instant until = end.isEmpty() ? now : Instant.parse(end);
      return Ages.format(Duration.between(Instant.parse(start), until));
    } catch (DateTimeParseException e) {
      return "";
    }
  }
}
