package dev.lifeboat.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What an API server does with a custom resource before it stores it: unknown fields are pruned (dropped, named in
 * a warning, or refused with {@code fieldValidation=Strict}) and the rest is validated against the version's
 * {@code openAPIV3Schema} (422 Invalid, naming each field). Without this, a field missing from lifeboat's CRDs
 * would survive in the sandbox and vanish in a real cluster.
 *
 * <p>Pruning follows structural schemas: under {@code properties} only declared fields stay; {@code
 * additionalProperties} and {@code items} apply to every value; {@code x-kubernetes-preserve-unknown-fields} keeps
 * what is undeclared; an object's root keeps apiVersion, kind and metadata. Validation uses networknt's OpenAPI 3.0
 * dialect (which knows {@code nullable}); Kubernetes' {@code x-kubernetes-*} keywords are annotations to it.
 */
final class CrdSchemas {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SchemaRegistry VALIDATORS = SchemaRegistry.withDialect(Dialects.getOpenApi30());

  /** A write the schema refuses: the HTTP code and the Kubernetes Status to answer with. */
  static final class Rejection extends RuntimeException {
    final int code;
    final String status;

    Rejection(int code, String status) {
      super(status, null, false, false);
      this.code = code;
      this.status = status;
    }
  }

  /** How the request asked unknown fields to be treated ({@code fieldValidation}: Strict, Warn (default), Ignore). */
  enum FieldValidation {
    STRICT, WARN, IGNORE;

    static FieldValidation of(String path) {
      if (path.contains("fieldValidation=Strict")) {
        return STRICT;
      }
      return path.contains("fieldValidation=Ignore") ? IGNORE : WARN;
    }
  }

  private record Version(JsonNode schema, Schema validator, String kind, String group) {}

  /** "apiVersion/Kind" → its schema. */
  private final Map<String, Version> versions = new ConcurrentHashMap<>();
  /** What the request being served asked for, and the fields pruned from it (for its Warning header). */
  private final ThreadLocal<FieldValidation> mode = ThreadLocal.withInitial(() -> FieldValidation.WARN);
  private final ThreadLocal<List<String>> pruned = ThreadLocal.withInitial(ArrayList::new);

  /** Serves the CRD's schemas from now on (a version without one is stored as given, as a server would). */
  void register(CustomResourceDefinition crd) {
    String group = crd.getSpec().getGroup();
    String kind = crd.getSpec().getNames().getKind();
    for (var version : crd.getSpec().getVersions()) {
      if (version.getSchema() == null || version.getSchema().getOpenAPIV3Schema() == null) {
        continue;
      }
      JsonNode schema = JSON.valueToTree(version.getSchema().getOpenAPIV3Schema());
      Schema validator = VALIDATORS.getSchema(schema.toString(), InputFormat.JSON);
      versions.put(group + "/" + version.getName() + "/" + kind, new Version(schema, validator, kind, group));
    }
  }

  /** The openAPIV3Schema of a kind (its apiVersion "group/version"), or null. */
  JsonNode schemaOf(String apiVersion, String kind) {
    Version version = versions.get(apiVersion + "/" + kind);
    return version == null ? null : version.schema();
  }

  /** What a write returned, and the unknown fields it pruned (named in its Warning header). */
  record Served<T>(T result, List<String> pruned) {}

  /** Runs {@code write} as the request asked ({@code fieldValidation}). */
  <T> Served<T> serving(FieldValidation asked, Supplier<T> write) {
    mode.set(asked);
    pruned.get().clear();
    try {
      T result = write.get();
      return new Served<>(result, List.copyOf(pruned.get()));
    } finally {
      mode.remove();
      pruned.remove();
    }
  }

  /** The object without the fields its schema does not declare (what a write's answer shows), else unchanged. */
  String withoutUnknownFields(String json) {
    try {
      JsonNode object = JSON.readTree(json);
      Version version = versions.get(object.path("apiVersion").asText() + "/" + object.path("kind").asText());
      if (version == null) {
        return json;
      }
      List<String> unknown = new ArrayList<>();
      prune(object, version.schema(), "", true, unknown);
      return unknown.isEmpty() ? json : object.toString();
    } catch (JsonProcessingException e) {
      return json;
    }
  }

  /**
   * The object as it will be stored: pruned and validated when its kind has a schema, unchanged otherwise.
   *
   * @throws Rejection when a value breaks the schema (422), or an unknown field meets fieldValidation=Strict (400)
   */
  String admit(String json) {
    if (json == null || versions.isEmpty()) {
      return json;
    }
    ObjectNode object;
    try {
      object = (ObjectNode) JSON.readTree(StoredJson.withoutNulls(json));
    } catch (JsonProcessingException | ClassCastException e) {
      return json;
    }
    Version version = versions.get(object.path("apiVersion").asText() + "/" + object.path("kind").asText());
    if (version == null) {
      return json;
    }
    String name = object.path("metadata").path("name").asText("");
    List<String> unknown = new ArrayList<>();
    prune(object, version.schema(), "", true, unknown);
    if (!unknown.isEmpty() && mode.get() == FieldValidation.STRICT) {
      throw new Rejection(400, status(400, "BadRequest", version.kind() + " in version \""
          + object.path("apiVersion").asText().replaceFirst(".*/", "") + "\" cannot be handled as a " + version.kind()
          + ": strict decoding error: " + String.join(", ", unknown.stream().map(f -> "unknown field \"" + f + "\"")
          .toList()), version, name, List.of()));
    }
    pruned.get().addAll(unknown);
    List<Error> errors = version.validator().validate(object.toString(), InputFormat.JSON);
    if (!errors.isEmpty()) {
      List<String[]> causes = new ArrayList<>();
      for (Error error : errors) {
        String field = field(error);
        causes.add(new String[] {field, field + ": " + cause(error)});
      }
      String message = version.kind() + "." + version.group() + " \"" + name + "\" is invalid: "
          + String.join(", ", causes.stream().map(c -> c[1]).toList());
      throw new Rejection(422, status(422, "Invalid", message, version, name, causes));
    }
    return unknown.isEmpty() ? json : object.toString();
  }

  /** Removes what the schema does not declare; appends the removed fields' paths to {@code unknown}. */
  private static void prune(JsonNode node, JsonNode schema, String path, boolean root, List<String> unknown) {
    if (schema == null || schema.isMissingNode()) {
      return;
    }
    if (node instanceof ObjectNode object) {
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.path("additionalProperties");
      boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
      boolean embedded = schema.path("x-kubernetes-embedded-resource").asBoolean(false);
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> field = it.next();
        String name = field.getKey();
        String at = path.isEmpty() ? name : path + "." + name;
        if ((root || embedded) && (name.equals("apiVersion") || name.equals("kind") || name.equals("metadata"))) {
          continue; // a server keeps (and checks by its own rules) the type and metadata of an object
        }
        if (properties.has(name)) {
          prune(field.getValue(), properties.get(name), at, false, unknown);
        } else if (additional.isObject()) {
          prune(field.getValue(), additional, at, false, unknown);
        } else if (!preserve && !additional.asBoolean(false)) {
          unknown.add(at);
          it.remove();
        }
      }
    } else if (node instanceof ArrayNode array) {
      int i = 0;
      for (JsonNode element : array) {
        prune(element, schema.path("items"), path + "[" + i++ + "]", false, unknown);
      }
    }
  }

  /** "spec.items[0].name" of the instance location "/spec/items/0/name", as a server names a field. */
  private static String field(Error error) {
    StringBuilder field = new StringBuilder();
    for (String part : String.valueOf(error.getInstanceLocation()).split("/")) {
      if (part.isEmpty() || part.equals("$")) {
        continue;
      }
      String name = part.replace("~1", "/").replace("~0", "~");
      field.append(name.chars().allMatch(Character::isDigit) ? "[" + name + "]" : (field.length() > 0 ? "." : "") + name);
    }
    if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
      field.append(field.length() > 0 ? "." : "").append(error.getProperty());
    }
    return field.length() == 0 ? "<root>" : field.toString();
  }

  /** "Required value", or "Invalid value: V: why" as a server words a cause. */
  private static String cause(Error error) {
    if ("required".equals(error.getKeyword())) {
      return "Required value";
    }
    String json = String.valueOf(error.getInstanceNode());
    String value = json.startsWith("\"") ? json : "\"" + json + "\""; // strings keep their quotes, others are quoted
    return "Invalid value: " + value + ": " + error.getMessage().replaceFirst("^\\$[^:]*:\\s*", "");
  }

  private static String status(int code, String reason, String message, Version version, String name,
      List<String[]> causes) {
    ObjectNode status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
    ObjectNode details = status.putObject("details").put("name", name).put("group", version.group())
        .put("kind", version.kind());
    ArrayNode list = details.putArray("causes");
    for (String[] cause : causes) {
      list.addObject().put("reason", "FieldValueInvalid").put("message", cause[1].substring(cause[0].length() + 2))
          .put("field", cause[0]);
    }
    return status.toString();
  }

  /** The fields a Warning header names, as a real server writes it. */
  static String warning(List<String> unknownFields) {
    return String.join(", ", unknownFields.stream().map(f -> "299 - \"unknown field \\\"" + f + "\\\"\"").toList());
  }
}
