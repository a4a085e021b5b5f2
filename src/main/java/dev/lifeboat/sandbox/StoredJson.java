package dev.lifeboat.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** What the sandbox's store reads of an object's JSON, and how it stores it as an API server would. */
final class StoredJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StoredJson() {}

  /**
   * The object without null-valued fields (RFC 7386: a merge patch's {@code null} removes the field; an API server
   * stores no nulls). Cheap when there are none: the text is searched before it is parsed.
   */
  static String withoutNulls(String json) {
    if (json == null || !json.contains("null")) {
      return json;
    }
    try {
      JsonNode tree = JSON.readTree(json);
      return strip(tree) ? JSON.writeValueAsString(tree) : json;
    } catch (JsonProcessingException e) {
      return json;
    }
  }

  private static boolean strip(JsonNode node) {
    boolean changed = false;
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getValue().isNull()) {
          it.remove();
          changed = true;
        } else {
          changed |= strip(field.getValue());
        }
      }
    } else if (node != null && node.isArray()) {
      for (JsonNode element : node) {
        changed |= strip(element);
      }
    }
    return changed;
  }

  /** The uids its ownerReferences name. */
  static List<String> ownerUids(String json) {
    if (json == null || !json.contains("\"ownerReferences\"")) {
      return List.of();
    }
    try {
      List<String> uids = new ArrayList<>();
      JSON.readTree(json).path("metadata").path("ownerReferences").forEach(r -> {
        if (r.hasNonNull("uid")) {
          uids.add(r.get("uid").asText());
        }
      });
      return uids;
    } catch (JsonProcessingException e) {
      return List.of();
    }
  }

  static String uid(String json) {
    try {
      JsonNode uid = JSON.readTree(json).path("metadata").path("uid");
      return uid.isMissingNode() || uid.isNull() ? null : uid.asText();
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return JSON.createObjectNode();
    }
  }
}
