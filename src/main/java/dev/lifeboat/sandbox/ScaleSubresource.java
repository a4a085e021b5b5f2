package dev.lifeboat.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code /scale} subresource of Deployments, StatefulSets and ReplicaSets as a real server serves it
 * ({@code kubectl scale}, autoscalers): an {@code autoscaling/v1} Scale, not the workload. The mock serves the
 * workload itself at that path, so answers are turned into a Scale and a PUT of a Scale into a merge patch of
 * {@code spec.replicas}; a PATCH needs nothing, since a Scale's {@code spec.replicas} is the workload's.
 */
final class ScaleSubresource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SCALE =
      Pattern.compile("^/apis/apps/v1/namespaces/[^/]+/(deployments|statefulsets|replicasets)/[^/]+/scale$");

  private ScaleSubresource() {}

  static boolean is(String bare) {
    return SCALE.matcher(bare).matches();
  }

  /** The Scale of a workload's JSON (unchanged when it is not one: a Status, say). */
  static String of(String workload) {
    try {
      JsonNode object = JSON.readTree(workload);
      if (!object.path("spec").isObject()) {
        return workload;
      }
      ObjectNode scale = JSON.createObjectNode().put("kind", "Scale").put("apiVersion", "autoscaling/v1");
      ObjectNode metadata = scale.putObject("metadata");
      for (String field : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
        if (object.path("metadata").has(field)) {
          metadata.set(field, object.path("metadata").get(field));
        }
      }
      scale.putObject("spec").put("replicas", object.path("spec").path("replicas").asInt(1));
      List<String> selector = new ArrayList<>();
      object.path("spec").path("selector").path("matchLabels").fields()
          .forEachRemaining(label -> selector.add(label.getKey() + "=" + label.getValue().asText()));
      scale.putObject("status").put("replicas", object.path("status").path("replicas").asInt(0))
          .put("selector", String.join(",", selector));
      return scale.toString();
    } catch (IOException e) {
      return workload;
    }
  }

  /** A PUT of a Scale as the merge patch of the workload it means (its resourceVersion kept: a stale one conflicts). */
  static byte[] asPatch(byte[] scale) throws IOException {
    JsonNode sent = JSON.readTree(scale);
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("spec").set("replicas", sent.path("spec").path("replicas"));
    if (sent.path("metadata").has("resourceVersion")) {
      patch.putObject("metadata").set("resourceVersion", sent.path("metadata").get("resourceVersion"));
    }
    return JSON.writeValueAsBytes(patch);
  }
}
