package dev.lifeboat.hibernate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.api.Labels;
import dev.lifeboat.cluster.ApiWriter;
import dev.lifeboat.cluster.ClusterView;
import dev.lifeboat.lifecycle.hibernate.HibernateLifecycle;
import dev.lifeboat.lifecycle.hibernate.RestorePoint;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The plan's restore data ConfigMap {@code <plan>-hibernate-data}: key {@code <target>} holds the
 * committed restore point {@code {isLive, capturedAt, cycleId, executor, data}}, key
 * {@code <target>.pending} a capture whose shutdown has not finished, and the annotations
 * {@code lifeboat.dev/restored-<target>} mark targets woken in the current wake-up. Every write
 * reads the ConfigMap fresh and is guarded by its resourceVersion.
 */
public final class HibernateData {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PENDING = ".pending";

  /** What the ConfigMap holds; every map is empty when it does not exist. */
  public record Stored(ConfigMap configMap, Map<String, RestorePoint> committed, Map<String, RestorePoint> pending,
      Set<String> marked) {}

  private HibernateData() {}

  public static Stored read(ConfigMap cm) {
    Map<String, RestorePoint> committed = new LinkedHashMap<>();
    Map<String, RestorePoint> pending = new LinkedHashMap<>();
    Set<String> marked = new TreeSet<>();
    if (cm != null) {
      (cm.getData() == null ? Map.<String, String>of() : cm.getData()).forEach((key, value) -> {
        RestorePoint p = decode(value);
        if (p != null) {
          (key.endsWith(PENDING) ? pending : committed).put(key.endsWith(PENDING)
              ? key.substring(0, key.length() - PENDING.length()) : key, p);
        }
      });
      (cm.getMetadata().getAnnotations() == null ? Map.<String, String>of() : cm.getMetadata().getAnnotations())
          .forEach((k, v) -> {
            if (k.startsWith(Labels.RESTORED_MARK_PREFIX) && v != null) { // a null left by a merge patch is no mark
              marked.add(k.substring(Labels.RESTORED_MARK_PREFIX.length()));
            }
          });
    }
    return new Stored(cm, committed, pending, marked);
  }

  public static Stored read(ClusterView view, HibernatePlan plan) {
    return read(view.configMap(plan.getMetadata().getNamespace(), name(plan)));
  }

  static String name(HibernatePlan plan) {
    return HibernateLifecycle.dataConfigMap(plan.getMetadata().getName());
  }

  static String encode(RestorePoint p) {
    ObjectNode node = JSON.createObjectNode().put("isLive", p.isLive()).put("capturedAt", p.capturedAt())
        .put("cycleId", p.cycleId()).put("executor", p.executor());
    try {
      node.set("data", JSON.readTree(p.data()));
    } catch (JsonProcessingException e) {
      node.put("data", p.data());
    }
    return node.toString();
  }

  static RestorePoint decode(String value) {
    if (value == null) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(value);
      if (n == null || !n.has("isLive")) {
        return null;
      }
      JsonNode data = n.path("data");
      return new RestorePoint(n.path("isLive").asBoolean(), n.path("capturedAt").asText(null),
          n.path("cycleId").asText(null), n.path("executor").asText(null), data.isTextual() ? data.asText() : data.toString());
    } catch (JsonProcessingException e) {
      return null; // not ours: a person's note in the ConfigMap
    }
  }

  /** Stores a capture as the target's pending point, unless the stored pending one is preferred (save-or-preserve). */
  static void savePending(ApiWriter writer, ClusterView live, HibernatePlan plan, String target, RestorePoint capture) {
    Stored stored = read(live, plan);
    RestorePoint keep = RestorePoint.preferred(stored.pending().get(target), capture);
    if (keep != capture) {
      return;
    }
    if (stored.configMap() == null) {
      writer.createObject(newConfigMap(plan, target + PENDING, encode(capture)));
      if (!capture.equals(read(live, plan).pending().get(target))) {
        throw new ApiWriter.StatusConflictException("restore data of " + plan.getMetadata().getName()
            + " was created meanwhile", null);
      }
      return;
    }
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("data").put(target + PENDING, encode(capture));
    writer.mergePatch(stored.configMap(), patch.toString());
  }

  /** Moves the pending point to the committed one (save-or-preserve decides which is kept), in one write. */
  static void commit(ApiWriter writer, ClusterView live, HibernatePlan plan, String target) {
    Stored stored = read(live, plan);
    RestorePoint pending = stored.pending().get(target);
    if (pending == null) {
      return;
    }
    RestorePoint committed = stored.committed().get(target);
    ObjectNode data = JSON.createObjectNode();
    RestorePoint keep = RestorePoint.preferred(committed, pending);
    if (keep != committed) {
      data.put(target, encode(keep));
    }
    data.putNull(target + PENDING);
    ObjectNode patch = JSON.createObjectNode();
    patch.set("data", data);
    writer.mergePatch(stored.configMap(), patch.toString());
  }

  static void mark(ApiWriter writer, ClusterView live, HibernatePlan plan, String target, Instant now) {
    Stored stored = read(live, plan);
    if (stored.marked().contains(target)) {
      return;
    }
    if (stored.configMap() == null) {
      writer.createObject(newConfigMap(plan, null, null));
      stored = read(live, plan);
    }
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("metadata").putObject("annotations").put(Labels.RESTORED_MARK_PREFIX + target, now.toString());
    writer.mergePatch(stored.configMap(), patch.toString());
  }

  static void clearMarks(ApiWriter writer, ClusterView live, HibernatePlan plan) {
    Stored stored = read(live, plan);
    if (stored.marked().isEmpty()) {
      return;
    }
    ObjectNode annotations = JSON.createObjectNode();
    stored.marked().forEach(t -> annotations.putNull(Labels.RESTORED_MARK_PREFIX + t));
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("metadata").set("annotations", annotations);
    writer.mergePatch(stored.configMap(), patch.toString());
  }

  private static ConfigMap newConfigMap(HibernatePlan plan, String key, String value) {
    ConfigMapBuilder b = new ConfigMapBuilder().withNewMetadata().withName(name(plan))
        .withNamespace(plan.getMetadata().getNamespace()).addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
        .addToLabels(Labels.OWNER_KIND, "HibernatePlan")
        .addToAnnotations(Labels.OWNER_NAME, plan.getMetadata().getName())
        .endMetadata(); // no owner reference: deleting the plan (kubectl delete) must not take what its targets were
    if (key != null) {
      b.addToData(key, value);
    }
    return b.build();
  }
}
