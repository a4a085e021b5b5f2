package dev.lifeboat.sandbox;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.io.IOException;
import java.util.Map;

/**
 * A built-in object is stored only if it decodes as its type, as a real server decodes it (a string where a list
 * of taints belongs is 400, not stored). The mock keeps any JSON; here the kinds the sandbox serves are read into
 * fabric8's model with a strict reader (fabric8's own reader would tuck a mismatched field away), which checks
 * types, not the server's further validation (required fields, formats), except one a real server enforces that
 * lifeboat could meet: a ConfigMap holds at most 1 MiB (422).
 */
final class BuiltInTypes {
  private static final ObjectMapper STRICT = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // unknown fields: the models keep them aside
      .registerModule(new JavaTimeModule());
  private static final Map<String, Class<?>> TYPES = Map.ofEntries(
      Map.entry("v1/Pod", Pod.class), Map.entry("v1/ConfigMap", ConfigMap.class), Map.entry("v1/Secret", Secret.class),
      Map.entry("v1/Event", Event.class), Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
      Map.entry("v1/PersistentVolume", PersistentVolume.class), Map.entry("v1/Node", Node.class),
      Map.entry("v1/Namespace", Namespace.class), Map.entry("v1/ServiceAccount", ServiceAccount.class),
      Map.entry("v1/Service", Service.class), Map.entry("v1/ResourceQuota", ResourceQuota.class),
      Map.entry("apps/v1/Deployment", Deployment.class), Map.entry("apps/v1/StatefulSet", StatefulSet.class),
      Map.entry("apps/v1/ReplicaSet", ReplicaSet.class), Map.entry("batch/v1/Job", Job.class),
      Map.entry("batch/v1/CronJob", CronJob.class), Map.entry("coordination.k8s.io/v1/Lease", Lease.class));

  private BuiltInTypes() {}

  /**
   * @throws CrdSchemas.Rejection (400, in the server's words) when the object does not decode as its kind
   */
  static void check(String json) {
    if (json == null) {
      return;
    }
    JsonNode object;
    try {
      object = STRICT.readTree(json);
    } catch (IOException e) {
      return; // not JSON: the mock answers
    }
    String apiVersion = object.path("apiVersion").asText();
    String kind = object.path("kind").asText();
    Class<?> type = TYPES.get(apiVersion + "/" + kind);
    if (type == null) {
      return;
    }
    Object decoded;
    try {
      decoded = STRICT.treeToValue(object, type);
    } catch (IOException | IllegalArgumentException e) {
      String why = e.getMessage() == null ? String.valueOf(e) : e.getMessage().lines().findFirst().orElse("");
      String message = kind + " in version \"" + apiVersion.replaceFirst(".*/", "") + "\" cannot be handled as a "
          + kind + ": " + why;
      ObjectNode status = STRICT.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
      status.putObject("metadata");
      status.put("status", "Failure").put("message", message).put("reason", "BadRequest").put("code", 400);
      throw new CrdSchemas.Rejection(400, status.toString());
    }
    if (decoded instanceof ConfigMap map && size(map) > CONFIG_MAP_MAX_BYTES) {
      ObjectNode status = STRICT.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
      status.putObject("metadata");
      status.put("status", "Failure").put("message", "ConfigMap \"" + map.getMetadata().getName()
          + "\" is invalid: []: Too long: must have at most " + CONFIG_MAP_MAX_BYTES + " bytes")
          .put("reason", "Invalid").put("code", 422);
      throw new CrdSchemas.Rejection(422, status.toString());
    }
  }

  /** A real server's limit on a ConfigMap's keys and values together (data as UTF-8, binaryData decoded). */
  static final int CONFIG_MAP_MAX_BYTES = 1024 * 1024;

  private static long size(ConfigMap map) {
    long bytes = 0;
    for (Map.Entry<String, String> e : (map.getData() == null ? Map.<String, String>of() : map.getData()).entrySet()) {
      bytes += e.getKey().length() + e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
    for (Map.Entry<String, String> e : (map.getBinaryData() == null ? Map.<String, String>of() : map.getBinaryData()).entrySet()) {
      bytes += e.getKey().length() + java.util.Base64.getDecoder().decode(e.getValue()).length;
    }
    return bytes;
  }
}
