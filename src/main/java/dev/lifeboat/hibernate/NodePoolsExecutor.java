package dev.lifeboat.hibernate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.cluster.ClusterView;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code nodepools}: Karpenter {@code karpenter.sh/v1} NodePools (cluster-wide) get every
 * {@code spec.limits} entry set to 0 (cpu and memory when it had none), so Karpenter provisions no
 * node for them; the limits they had (or none) are saved and put back.
 */
final class NodePoolsExecutor extends KubeItemExecutor {
  static final String API_VERSION = "karpenter.sh/v1";
  static final String KIND = "NodePool";

  @Override
  public String type() {
    return "nodepools";
  }

  @Override
  Map<String, HasMetadata> resolve(ClusterView live, String ns, HibernateTarget t, List<String> missing) {
    Map<String, HasMetadata> items = ordered();
    List<GenericKubernetesResource> all = live.listGeneric(API_VERSION, KIND, null);
    for (String ref : t.refs == null ? List.<String>of() : t.refs) {
      String name = ref.startsWith("nodepool/") ? ref.substring("nodepool/".length()) : ref;
      all.stream().filter(p -> p.getMetadata().getName().equals(name)).findFirst()
          .ifPresentOrElse(p -> items.put("nodepool/" + name, p), () -> missing.add("nodepool/" + name));
    }
    matching(all, t).forEach(p -> items.putIfAbsent("nodepool/" + p.getMetadata().getName(), p));
    return items;
  }

  private static JsonNode limits(HasMetadata item) {
    JsonNode spec = JSON.valueToTree(((GenericKubernetesResource) item).getAdditionalProperties()).path("spec");
    return spec.path("limits");
  }

  private static boolean zero(JsonNode limits) {
    if (!limits.isObject() || limits.isEmpty()) {
      return false; // no limits: Karpenter may provision without bound
    }
    for (Iterator<JsonNode> it = limits.elements(); it.hasNext();) {
      String v = it.next().asText().trim();
      if (!v.matches("0+(\\.0*)?[a-zA-Z]*")) {
        return false;
      }
    }
    return true;
  }

  @Override
  ObjectNode save(HasMetadata item, HibernateTarget t) {
    ObjectNode saved = JSON.createObjectNode();
    JsonNode limits = limits(item);
    saved.set("limits", limits.isObject() ? limits.deepCopy() : JSON.nullNode());
    return saved;
  }

  @Override
  boolean live(JsonNode saved, HibernateTarget t) {
    return !zero(saved.path("limits"));
  }

  @Override
  boolean atRest(HasMetadata item, HibernateTarget t) {
    return zero(limits(item));
  }

  @Override
  String restPatch(HasMetadata item, HibernateTarget t) {
    ObjectNode zeroed = JSON.createObjectNode();
    JsonNode limits = limits(item);
    if (limits.isObject() && !limits.isEmpty()) {
      limits.fieldNames().forEachRemaining(k -> zeroed.put(k, "0"));
    } else {
      zeroed.put("cpu", "0").put("memory", "0");
    }
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("spec").set("limits", zeroed);
    return patch.toString();
  }

  @Override
  String wakePatch(HasMetadata item, JsonNode saved, HibernateTarget t) {
    JsonNode was = saved.path("limits");
    ObjectNode patch = JSON.createObjectNode();
    if (!was.isObject()) {
      patch.putObject("spec").putNull("limits");
      return patch.toString();
    }
    ObjectNode limits = patch.putObject("spec").putObject("limits");
    limits(item).fieldNames().forEachRemaining(k -> limits.putNull(k)); // keys added at shutdown go again
    was.fields().forEachRemaining(e -> limits.set(e.getKey(), e.getValue()));
    return patch.toString();
  }

  @Override
  boolean matches(HasMetadata item, JsonNode saved, HibernateTarget t) {
    JsonNode now = limits(item);
    JsonNode was = saved.path("limits");
    return was.isObject() ? was.equals(now) : !now.isObject();
  }

  @Override
  String describe(HasMetadata item, HibernateTarget t) {
    JsonNode l = limits(item);
    return l.isObject() ? "limits " + l : "no limits";
  }

  @Override
  String describe(JsonNode saved, HibernateTarget t) {
    JsonNode l = saved.path("limits");
    return l.isObject() ? "limits " + l : "no limits";
  }
}
