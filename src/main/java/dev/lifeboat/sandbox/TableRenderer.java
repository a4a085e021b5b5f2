package dev.lifeboat.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.install.Crds;
import dev.lifeboat.output.Ages;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.format.DateTimeParseException;

/**
 * Server-side printing for lifeboat's kinds, as a real API server does from the CRDs' printer
 * columns: kubectl asks for {@code as=Table} and gets NAME, PHASE, ..., AGE instead of NAME, AGE.
 */
final class TableRenderer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, List<CustomResourceColumnDefinition>> columnsByPlural = new HashMap<>();

  TableRenderer() {
    for (CustomResourceDefinition crd : Crds.all()) {
      columnsByPlural.put(crd.getSpec().getNames().getPlural(),
          crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns());
    }
  }

  /** The plural of a lifeboat list or get path, or null. */
  String pluralOf(String path) {
    String prefix = "/apis/lifeboat.dev/v1alpha1/";
    if (!path.startsWith(prefix)) {
      return null;
    }
    String[] parts = path.substring(prefix.length()).split("/");
    String plural = parts.length >= 3 && parts[0].equals("namespaces") ? parts[2] : parts[0];
    if (parts.length > 4 || (parts.length == 4 && !parts[0].equals("namespaces"))) {
      return null; // a subresource
    }
    return columnsByPlural.containsKey(plural) ? plural : null;
  }

  String render(String plural, String body, Instant now) throws JsonProcessingException {
    JsonNode node = JSON.readTree(body);
    List<CustomResourceColumnDefinition> columns = columnsByPlural.get(plural);
    ObjectNode table = JSON.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata").put("resourceVersion", node.path("metadata").path("resourceVersion").asText(""));
    ArrayNode definitions = table.putArray("columnDefinitions");
    definitions.addObject().put("name", "Name").put("type", "string").put("format", "name").put("priority", 0)
        .put("description", "Name of the object");
    for (CustomResourceColumnDefinition c : columns) {
      definitions.addObject().put("name", c.getName()).put("type", "date".equals(c.getType()) ? "string" : c.getType())
          .put("format", "").put("priority", c.getPriority() == null ? 0 : c.getPriority())
          .put("description", c.getDescription() == null ? "" : c.getDescription());
    }
    ArrayNode rows = table.putArray("rows");
    Iterable<JsonNode> items = node.has("items") ? node.get("items") : List.of(node);
    for (JsonNode item : items) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells.add(item.path("metadata").path("name").asText());
      for (CustomResourceColumnDefinition c : columns) {
        JsonNode value = at(item, c.getJsonPath());
        if (value == null || value.isNull() || value.isMissingNode()) {
          cells.add("");
        } else if ("date".equals(c.getType())) {
          cells.add(humanDate(value.asText(), now));
        } else {
          cells.add(value.asText());
        }
      }
      ObjectNode object = row.putObject("object").put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
      object.set("metadata", item.path("metadata"));
    }
    return JSON.writeValueAsString(table);
  }

  /**
   * A date cell as the API server writes it (ConvertToHumanReadableDateType): the age; a time more than a second
   * in the future is {@code <invalid>}, which is why lifeboat's future times are string columns.
   */
  static String humanDate(String value, Instant now) {
    try {
      if (Instant.parse(value).isAfter(now.plusSeconds(1))) {
        return "<invalid>";
      }
    } catch (DateTimeParseException e) {
      return "<unknown>";
    }
    return Ages.since(value, now);
  }

  /** A simple JSON path of the CRD kind: {@code .status.phase}. */
  private static JsonNode at(JsonNode item, String path) {
    JsonNode current = item;
    for (String part : path.replaceFirst("^\\.", "").split("\\.")) {
      current = current.path(part);
    }
    return current;
  }
}
