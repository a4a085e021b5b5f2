package dev.lifeboat.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The OpenAPI v3 documents a real API server serves ({@code /openapi/v3} and one per group version), as far as
 * kubectl reads them: each resource's PATCH operation with its {@code x-kubernetes-group-version-kind} and a {@code
 * fieldValidation} parameter, which tells kubectl ({@code apply}, {@code create -f}) that the server validates
 * fields itself; and custom resources' schemas, for {@code kubectl explain}. No {@code /openapi/v2}: kubectl uses v2
 * only where v3 is missing.
 */
final class OpenApiDocuments {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> PATCH_PARAMETERS = List.of("dryRun", "fieldManager", "fieldValidation", "force");

  private OpenApiDocuments() {}

  /** {@code /openapi/v3}: where each group version's document is. */
  static ObjectNode root(Map<String, List<String[]>> resources,
      BiFunction<String, String, JsonNode> schemas) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode paths = root.putObject("paths");
    resources.keySet().forEach(gv -> {
      String key = key(gv);
      String hash = Integer.toHexString(groupVersion(gv, resources.get(gv), schemas).toString().hashCode());
      paths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hash.toUpperCase());
    });
    return root;
  }

  /** "api/v1" or "apis/GROUP/VERSION": how {@code /openapi/v3} names a group version. */
  static String key(String groupVersion) {
    return groupVersion.contains("/") ? "apis/" + groupVersion : "api/" + groupVersion;
  }

  /**
   * One group version's document; {@code rows} as discovery lists them ([plural, kind, namespaced, ...]), {@code
   * schemas} (apiVersion, kind) → the CRD's openAPIV3Schema or null.
   */
  static ObjectNode groupVersion(String groupVersion, List<String[]> rows,
      BiFunction<String, String, JsonNode> schemas) {
    String group = groupVersion.contains("/") ? groupVersion.substring(0, groupVersion.indexOf('/')) : "";
    String version = groupVersion.substring(groupVersion.indexOf('/') + 1);
    ObjectNode doc = JSON.createObjectNode().put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", "v1.31.0-lifeboat-sandbox");
    ObjectNode paths = doc.putObject("paths");
    ObjectNode components = doc.putObject("components").putObject("schemas");
    for (String[] row : rows) {
      if (row[0].contains("/")) {
        continue; // subresources: kubectl validates the object, not its status
      }
      boolean namespaced = Boolean.parseBoolean(row[2]);
      String path = "/" + key(groupVersion) + (namespaced ? "/namespaces/{namespace}/" : "/") + row[0] + "/{name}";
      ObjectNode patch = paths.putObject(path).putObject("patch").put("operationId", "patch" + row[1])
          .put("x-kubernetes-action", "patch");
      patch.putObject("x-kubernetes-group-version-kind").put("group", group).put("version", version)
          .put("kind", row[1]);
      ArrayNode parameters = patch.putArray("parameters");
      for (String name : PATCH_PARAMETERS) {
        parameters.addObject().put("name", name).put("in", "query").putObject("schema")
            .put("type", name.equals("force") ? "boolean" : "string").put("uniqueItems", true);
      }
      patch.putObject("responses").putObject("200").put("description", "OK");
      JsonNode schema = schemas.apply(groupVersion, row[1]);
      if (schema != null) {
        ObjectNode component = schema.deepCopy();
        component.putArray("x-kubernetes-group-version-kind").addObject().put("group", group)
            .put("kind", row[1]).put("version", version);
        String reversed = String.join(".", reverse(group.split("\\.")));
        components.set(reversed + "." + version + "." + row[1], component);
      }
    }
    return doc;
  }

  private static List<String> reverse(String[] parts) {
    List<String> list = new ArrayList<>(List.of(parts));
    Collections.reverse(list);
    return list;
  }
}
