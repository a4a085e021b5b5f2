package dev.lifeboat.hibernate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.cluster.ClusterView;
import dev.lifeboat.lifecycle.hibernate.HibernateValidation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * {@code patch}: any resource ({@code parameters.apiVersion}, {@code parameters.kind}) of the plan's
 * namespace, or with {@code parameters.scope: Cluster} a cluster-scoped one (validation allows that only
 * to plans in lifeboat's namespace), gets a JSON merge patch ({@code parameters.patch}) at shutdown. What the patch overwrites is saved
 * as the patch's shape with the old values (null where a field was absent), which is itself the
 * merge patch that undoes it at wake-up.
 */
final class PatchExecutor extends KubeItemExecutor {
  @Override
  public String type() {
    return "patch";
  }

  @Override
  Map<String, HasMetadata> resolve(ClusterView live, String ns, HibernateTarget t, List<String> missing) {
    Map<String, HasMetadata> items = ordered();
    String kind = t.parameters.get("kind");
    boolean clusterWide = HibernateValidation.CLUSTER_SCOPE.equals(t.parameters.get("scope"));
    List<GenericKubernetesResource> all = live.listGeneric(t.parameters.get("apiVersion"), kind, clusterWide ? null : ns);
    // The client lists a cluster-scoped kind whatever namespace it is given: the scope must be said, never inferred.
    for (GenericKubernetesResource o : all) {
      String at = o.getMetadata().getNamespace();
      if (!clusterWide && at == null) {
        throw new TargetException(kind + " is cluster-scoped: a plan reaches it only with parameters.scope: Cluster,"
            + " which is for plans in lifeboat's own namespace");
      }
      if (clusterWide && at != null) {
        throw new TargetException(kind + " is namespaced: parameters.scope: Cluster is for cluster-scoped kinds;"
            + " remove it to patch the plan's own namespace's objects");
      }
    }
    String prefix = kind.toLowerCase(Locale.ROOT) + "/";
    for (String ref : t.refs == null ? List.<String>of() : t.refs) {
      String name = ref.startsWith(prefix) ? ref.substring(prefix.length()) : ref;
      all.stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
          .ifPresentOrElse(o -> items.put(prefix + name, o), () -> missing.add(prefix + name));
    }
    matching(all, t).forEach(o -> items.putIfAbsent(prefix + o.getMetadata().getName(), o));
    return items;
  }

  static JsonNode patchOf(HibernateTarget t) {
    try {
      JsonNode patch = JSON.readTree(t.parameters.get("patch"));
      if (patch == null || !patch.isObject()) {
        throw new TargetException("parameters.patch is not a JSON object (a JSON merge patch such as"
            + " {\"spec\":{\"paused\":true}})");
      }
      return patch;
    } catch (JsonProcessingException e) {
      throw new TargetException("parameters.patch is not JSON: " + e.getOriginalMessage());
    }
  }

  /** The values of {@code object} at the leaves of {@code shape} (null where absent), in the shape's form. */
  private static ObjectNode at(JsonNode object, JsonNode shape) {
    ObjectNode out = JSON.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = shape.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode value = object == null ? null : object.get(e.getKey());
      if (e.getValue().isObject()) {
        out.set(e.getKey(), at(value != null && value.isObject() ? value : null, e.getValue()));
      } else {
        out.set(e.getKey(), value == null ? JSON.nullNode() : value.deepCopy());
      }
    }
    return out;
  }

  private static JsonNode tree(HasMetadata item) {
    return JSON.valueToTree(item);
  }

  @Override
  ObjectNode save(HasMetadata item, HibernateTarget t) {
    return at(tree(item), patchOf(t));
  }

  @Override
  boolean live(JsonNode saved, HibernateTarget t) {
    return !saved.equals(patchOf(t)); // saved equal to the patch: it was applied already when captured
  }

  @Override
  boolean atRest(HasMetadata item, HibernateTarget t) {
    JsonNode patch = patchOf(t);
    return at(tree(item), patch).equals(patch);
  }

  @Override
  String restPatch(HasMetadata item, HibernateTarget t) {
    return patchOf(t).toString();
  }

  @Override
  String wakePatch(HasMetadata item, JsonNode saved, HibernateTarget t) {
    return saved.toString();
  }

  @Override
  boolean matches(HasMetadata item, JsonNode saved, HibernateTarget t) {
    return at(tree(item), patchOf(t)).equals(saved);
  }

  @Override
  String describe(HasMetadata item, HibernateTarget t) {
    return "now " + at(tree(item), patchOf(t));
  }

  @Override
  String describe(JsonNode saved, HibernateTarget t) {
    return saved.toString();
  }
}
