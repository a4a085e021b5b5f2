package dev.lifeboat.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Arrays;
import java.util.List;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.lifeboat.output.Yaml;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.Locale;

/**
 * Applies install's objects as create-or-update: an object that already holds what install would
 * write is left alone (so re-running install writes nothing), one that differs is replaced in the
 * fields install owns (labels, annotations and everything outside metadata and status), keeping
 * what the cluster added. {@code dryRun} reports the same without writing, with a unified diff for
 * each object that would change.
 */
public final class Applier {
  /** What happened (or would) to one object. */
  public enum Outcome { created, configured, unchanged }

  /** One object's outcome, and its diff when configured. */
  public record Result(HasMetadata object, Outcome outcome, String diff) {
    public String name() {
      String group = object.getApiVersion().contains("/") ? "." + object.getApiVersion().split("/")[0] : "";
      return object.getKind().toLowerCase(Locale.ROOT) + group + "/" + object.getMetadata().getName();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = Yaml.MAPPER;

  private final KubernetesClient client;

  /** An object as {@code install -o yaml} prints it: no document marker, quotes only where YAML needs them. */
  public static String yaml(HasMetadata object) {
    try {
      return YAML.writeValueAsString(JSON.valueToTree(object));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public Applier(KubernetesClient client) {
    this.client = client;
  }

  public Result apply(HasMetadata desired, boolean dryRun) {
    HasMetadata current = client.resource(desired).get();
    if (current == null) {
      if (!dryRun) {
        client.resource(desired).create();
      }
      return new Result(desired, Outcome.created, null);
    }
    if (desired instanceof Namespace) {
      return new Result(desired, Outcome.unchanged, null); // an existing namespace is not install's to change
    }
    JsonNode want = owned(desired);
    JsonNode have = project(owned(current), want);
    if (want.equals(have)) {
      return new Result(desired, Outcome.unchanged, null);
    }
    String diff = diff(desired, have, want);
    if (!dryRun) {
      ObjectNode merged = (ObjectNode) JSON.valueToTree(current);
      want.fields().forEachRemaining(e -> {
        if (e.getKey().equals("metadata")) {
          ObjectNode meta = (ObjectNode) merged.get("metadata");
          e.getValue().fields().forEachRemaining(m -> meta.set(m.getKey(), m.getValue()));
        } else {
          merged.set(e.getKey(), e.getValue());
        }
      });
      client.resource(JSON.convertValue(merged, desired.getClass())).update();
    }
    return new Result(desired, Outcome.configured, diff);
  }

  /**
   * What install owns of an object, as the server would hold it: the top-level fields other than
   * metadata and status, plus metadata's labels and annotations. The server adds defaults (a
   * Deployment's strategy, a Service's clusterIP): those are compared only where install sets them.
   */
  static JsonNode owned(HasMetadata object) {
    ObjectNode node = JSON.valueToTree(object);
    ObjectNode owned = JSON.createObjectNode();
    node.fields().forEachRemaining(e -> {
      if (!e.getKey().equals("metadata") && !e.getKey().equals("status")) {
        owned.set(e.getKey(), e.getValue());
      }
    });
    ObjectNode meta = owned.putObject("metadata");
    JsonNode metadata = node.path("metadata");
    for (String field : List.of("labels", "annotations")) {
      if (metadata.has(field) && !metadata.get(field).isEmpty()) {
        meta.set(field, metadata.get(field));
      }
    }
    return owned;
  }

  private static String diff(HasMetadata desired, JsonNode have, JsonNode want) {
    try {
      List<String> before = Arrays.asList(YAML.writeValueAsString(have).split("\n"));
      List<String> after = Arrays.asList(YAML.writeValueAsString(want).split("\n"));
      String name = desired.getKind() + " " + desired.getMetadata().getName();
      return String.join("\n", UnifiedDiffUtils.generateUnifiedDiff("live " + name, "install " + name, before,
          DiffUtils.diff(before, after), 2));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The live object cut down to the fields install sets, recursively (list items pairwise when the
   * lengths agree): a field the API server defaulted (a Deployment's strategy, a container's
   * terminationMessagePath) is not a change.
   */
  static JsonNode project(JsonNode have, JsonNode want) {
    if (have.isArray() && want.isArray() && have.size() == want.size()) {
      var out = JSON.createArrayNode();
      for (int i = 0; i < have.size(); i++) {
        out.add(project(have.get(i), want.get(i)));
      }
      return out;
    }
    if (!have.isObject() || !want.isObject()) {
      return have;
    }
    ObjectNode out = JSON.createObjectNode();
    want.fields().forEachRemaining(e -> {
      if (have.has(e.getKey())) {
        out.set(e.getKey(), project(have.get(e.getKey()), e.getValue()));
      }
    });
    return out;
  }
}
