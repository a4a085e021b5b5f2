package dev.lifeboat.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * The restore data ConfigMap's format (DESIGN §3): one key per workload, each value
 * {@code {"isLive": bool, "capturedAt": time, "replicas": n}}. Keys cannot hold '/', so
 * {@code deployment/api} is stored as {@code deployment.api}.
 */
public final class RestoreData {
  private RestoreData() {}

  static String key(String workloadRef) {
    return workloadRef.replace('/', '.');
  }

  static String ref(String key) {
    int dot = key.indexOf('.');
    return dot < 0 ? key : key.substring(0, dot) + "/" + key.substring(dot + 1);
  }

  static String entry(boolean isLive, String capturedAt, int replicas) {
    return ClusterWrites.json().createObjectNode().put("isLive", isLive).put("capturedAt", capturedAt)
        .put("replicas", replicas).toString();
  }

  /** Workload ref → saved replicas; entries that do not parse are skipped. */
  public static Map<String, Integer> replicas(Map<String, String> data) {
    Map<String, Integer> saved = new LinkedHashMap<>();
    if (data == null) {
      return saved;
    }
    data.forEach((key, value) -> {
      try {
        JsonNode node = ClusterWrites.json().readTree(value);
        if (node.has("replicas")) {
          saved.put(ref(key), node.get("replicas").asInt());
        }
      } catch (JsonProcessingException e) {
        // not ours
      }
    });
    return saved;
  }
}
