package dev.lifeboat.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A strategic merge patch (what kubectl sends for built-in kinds: {@code taint}, {@code cordon}, {@code set env},
 * {@code edit}, client-side {@code apply}) turned into the JSON merge patch the mock understands, given the object
 * as stored. It is a merge patch plus three things, handled here for the fields of the built-in kinds that have them:
 * lists merged by a key (containers by name, conditions by type, ...) become the whole merged list; directives
 * ({@code $patch: delete|replace}, {@code $deleteFromPrimitiveList/F}, {@code $setElementOrder/F}, {@code
 * $retainKeys}) are carried out or dropped; {@code finalizers} are a set. Lists without a key are replaced, as in
 * Kubernetes (taints, tolerations, args).
 *
 * <p>The merged lists are computed from the object read just before the patch, so a concurrent change of the same
 * list between that read and the write could be lost; lifeboat writes no such list with a strategic patch.
 */
final class StrategicMergePatch {
  private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
      Map.entry("containers", "name"), Map.entry("initContainers", "name"), Map.entry("ephemeralContainers", "name"),
      Map.entry("env", "name"), Map.entry("volumeMounts", "mountPath"), Map.entry("volumeDevices", "devicePath"),
      Map.entry("volumes", "name"), Map.entry("imagePullSecrets", "name"), Map.entry("conditions", "type"),
      Map.entry("addresses", "type"), Map.entry("ownerReferences", "uid"), Map.entry("hostAliases", "ip"),
      Map.entry("resourceClaims", "name"));
  private static final List<String> SETS = List.of("finalizers");

  private StrategicMergePatch() {}

  /** The JSON merge patch that does to {@code stored} what {@code patch} asks. */
  static ObjectNode toMergePatch(JsonNode stored, ObjectNode patch) {
    return merge(stored == null ? JsonNodeFactory.instance.objectNode() : stored, patch, "");
  }

  private static ObjectNode merge(JsonNode stored, ObjectNode patch, String parent) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if ("replace".equals(patch.path("$patch").asText())) {
      // the object replaces what is stored: every stored field it does not name goes
      stored.fieldNames().forEachRemaining(name -> out.putNull(name));
    }
    List<String> retain = new ArrayList<>();
    patch.path("$retainKeys").forEach(key -> retain.add(key.asText()));
    if (!retain.isEmpty()) {
      stored.fieldNames().forEachRemaining(name -> {
        if (!retain.contains(name)) {
          out.putNull(name);
        }
      });
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (name.startsWith("$setElementOrder/") || name.equals("$retainKeys") || name.equals("$patch")) {
        continue; // ordering and bookkeeping: the merged list keeps the stored order, new elements last
      }
      if (name.startsWith("$deleteFromPrimitiveList/")) {
        String list = name.substring(name.indexOf('/') + 1);
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        JsonNode current = out.has(list) ? out.get(list) : stored.path(list);
        current.forEach(element -> {
          if (!contains(value, element)) {
            kept.add(element);
          }
        });
        out.set(list, kept);
        continue;
      }
      JsonNode current = stored.path(name);
      if (value instanceof ObjectNode object && "delete".equals(object.path("$patch").asText())) {
        out.putNull(name);
      } else if (value instanceof ObjectNode object && current.isObject()) {
        out.set(name, merge(current, object, name));
      } else if (value instanceof ArrayNode array && (MERGE_KEYS.containsKey(name) || name.equals("ports"))) {
        out.set(name, mergeByKey(current, array, key(name, parent), name));
      } else if (value instanceof ArrayNode array && SETS.contains(name)) {
        ArrayNode union = current.isArray() ? ((ArrayNode) current).deepCopy() : JsonNodeFactory.instance.arrayNode();
        array.forEach(element -> {
          if (!contains(union, element)) {
            union.add(element);
          }
        });
        out.set(name, union);
      } else {
        out.set(name, withoutDirectives(value));
      }
    }
    return out;
  }

  /** Container ports merge by containerPort; a Service's by port. */
  private static String key(String list, String parent) {
    if (list.equals("ports")) {
      return parent.contains("ontainers") ? "containerPort" : "port";
    }
    return MERGE_KEYS.get(list);
  }

  private static ArrayNode mergeByKey(JsonNode current, ArrayNode patch, String key, String list) {
    ArrayNode merged = JsonNodeFactory.instance.arrayNode();
    if (patch.size() == 1 && "replace".equals(patch.get(0).path("$patch").asText())) {
      return merged;
    }
    List<JsonNode> pending = new ArrayList<>();
    patch.forEach(pending::add);
    if (current.isArray()) {
      for (JsonNode element : current) {
        JsonNode change = take(pending, key, element.path(key));
        if (change == null) {
          merged.add(element);
        } else if (!"delete".equals(change.path("$patch").asText())) {
          ObjectNode combined = ((ObjectNode) element).deepCopy();
          ObjectNode delta = merge(element, (ObjectNode) change, list);
          delta.fields().forEachRemaining(f -> {
            if (f.getValue().isNull()) {
              combined.remove(f.getKey());
            } else {
              combined.set(f.getKey(), f.getValue());
            }
          });
          merged.add(combined);
        }
      }
    }
    for (JsonNode added : pending) {
      if (!"delete".equals(added.path("$patch").asText())) {
        merged.add(withoutDirectives(added));
      }
    }
    return merged;
  }

  private static JsonNode take(List<JsonNode> pending, String key, JsonNode value) {
    for (Iterator<JsonNode> it = pending.iterator(); it.hasNext();) {
      JsonNode candidate = it.next();
      if (candidate.isObject() && !value.isMissingNode() && candidate.path(key).equals(value)) {
        it.remove();
        return candidate;
      }
    }
    return null;
  }

  private static boolean contains(JsonNode list, JsonNode element) {
    for (JsonNode item : list) {
      if (item.equals(element)) {
        return true;
      }
    }
    return false;
  }

  /** A new value as given, without the directives a strategic patch may nest in it. */
  private static JsonNode withoutDirectives(JsonNode value) {
    if (value instanceof ObjectNode object) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      object.fields().forEachRemaining(f -> {
        if (!f.getKey().startsWith("$")) {
          copy.set(f.getKey(), withoutDirectives(f.getValue()));
        }
      });
      return copy;
    }
    if (value instanceof ArrayNode array) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      array.forEach(element -> copy.add(withoutDirectives(element)));
      return copy;
    }
    return value;
  }
}
