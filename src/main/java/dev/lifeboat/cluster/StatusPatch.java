package dev.lifeboat.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;

/**
 * The JSON patch (RFC 6902) that turns one status into another, field by top-level field. The
 * controller sends only the fields its decision changed, so fields others wrote meanwhile (the
 * Job's progress and summary) are never overwritten with the older copy the controller read. Whole
 * fields are replaced, arrays included (a merge patch would leave arrays to the server's merge rules).
 */
public final class StatusPatch {
  private static final ObjectMapper JSON = dev.lifeboat.api.ApiJson.configure(new ObjectMapper());

  private StatusPatch() {}

  /** The operations from {@code before} to {@code after}; empty when they are equal. */
  public static ArrayNode between(Object before, Object after) {
    ArrayNode ops = JsonNodeFactory.instance.arrayNode();
    JsonNode to = after == null ? null : JSON.valueToTree(after);
    if (before == null) {
      if (to != null && !withoutNulls(to).isEmpty()) {
        ops.addObject().put("op", "add").put("path", "/status").set("value", withoutNulls(to));
      }
      return ops;
    }
    ObjectNode from = withoutNulls(JSON.valueToTree(before));
    ObjectNode target = to == null ? JsonNodeFactory.instance.objectNode() : withoutNulls(to);
    for (Iterator<String> it = target.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!target.get(field).equals(from.get(field))) {
        ops.addObject().put("op", from.has(field) ? "replace" : "add").put("path", "/status/" + field)
            .set("value", target.get(field));
      }
    }
    for (Iterator<String> it = from.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!target.has(field)) {
        ops.addObject().put("op", "remove").put("path", "/status/" + field);
      }
    }
    return ops;
  }

  private static ObjectNode withoutNulls(JsonNode node) {
    ObjectNode copy = JsonNodeFactory.instance.objectNode();
    node.fields().forEachRemaining(e -> {
      if (!e.getValue().isNull()) {
        copy.set(e.getKey(), e.getValue());
      }
    });
    return copy;
  }
}
