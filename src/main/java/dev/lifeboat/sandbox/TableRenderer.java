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
import dev.lifeboat.sandbox.BuiltInTables.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.format.DateTimeParseException;

/**
 * Server-side printing, as a real API server does it: kubectl asks for {@code as=Table} and gets lifeboat's kinds
 * with their CRDs' printer columns (NAME, PHASE, ..., AGE instead of NAME, AGE) and the built-in kinds with
 * kubectl's own columns ({@link BuiltInTables}).
 */
final class TableRenderer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, List<Column>> columnsByPlural = new java.util.concurrent.ConcurrentHashMap<>(BuiltInTables.COLUMNS);

  TableRenderer() {
    Crds.all().forEach(this::register);
  }

  /** A CRD's printer columns, for its kind's tables (lifeboat's, and one created through the API that has some). */
  void register(CustomResourceDefinition crd) {
    List<CustomResourceColumnDefinition> declared = crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
    if (declared == null || declared.isEmpty()) {
      return; // kubectl then shows NAME and AGE, as a server does
    }
    List<Column> columns = new ArrayList<>();
    for (CustomResourceColumnDefinition c : declared) {
      boolean date = "date".equals(c.getType());
      columns.add(new Column(c.getName(), c.getPriority() == null ? 0 : c.getPriority(), (item, now) -> {
        JsonNode value = at(item, c.getJsonPath());
        if (value == null || value.isNull() || value.isMissingNode()) {
          return "";
        }
        return date ? humanDate(value.asText(), now) : value.asText();
      }));
    }
    columnsByPlural.put(crd.getSpec().getNames().getPlural(), columns);
  }

  /** The plural of a list or get path (/api/v1/..., /apis/GROUP/VERSION/...) with a table, or null. */
  String pluralOf(String path) {
    String rest = path.startsWith("/api/v1/") ? path.substring("/api/v1/".length())
        : path.startsWith("/apis/") ? path.replaceFirst("^/apis/[^/]+/[^/]+/", "") : null;
    if (rest == null || rest.equals(path)) {
      return null;
    }
    String[] parts = rest.split("/");
    boolean namespaced = parts.length >= 3 && parts[0].equals("namespaces");
    String plural = namespaced ? parts[2] : parts[0];
    if (parts.length > (namespaced ? 4 : 2) || (parts.length == 2 && parts[0].equals("namespaces"))) {
      return null; // a subresource, or a namespace
    }
    return columnsByPlural.containsKey(plural) ? plural : null;
  }

  String render(String plural, String body, Instant now) throws JsonProcessingException {
    JsonNode node = JSON.readTree(body);
    List<Column> columns = columnsByPlural.get(plural);
    ObjectNode table = JSON.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata").put("resourceVersion", node.path("metadata").path("resourceVersion").asText(""));
    ArrayNode definitions = table.putArray("columnDefinitions");
    definitions.addObject().put("name", "Name").put("type", "string").put("format", "name").put("priority", 0)
        .put("description", "Name of the object");
    for (Column c : columns) {
      definitions.addObject().put("name", c.name()).put("type", "string").put("format", "")
          .put("priority", c.priority()).put("description", "");
    }
    ArrayNode rows = table.putArray("rows");
    Iterable<JsonNode> items = node.has("items") ? node.get("items") : List.of(node);
    for (JsonNode item : items) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells.add(item.path("metadata").path("name").asText());
      for (Column c : columns) {
        cells.add(c.cell().apply(item, now));
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
