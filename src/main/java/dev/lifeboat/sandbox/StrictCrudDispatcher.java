package dev.lifeboat.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * fabric8's CRUD mock with three of a real API server's write rules it lacks, all applied under the mock's write
 * lock: a built-in object must decode as its type ({@link BuiltInTypes}); a JSON merge patch replaces lists and
 * removes fields set to null (RFC 7386; the mock merged with Jackson's updating reader, which appends to lists); and a custom resource is admitted by its CRD's schema before it is
 * stored ({@link CrdSchemas#admit}), so a patch is checked on what it produces and a refused write changes nothing.
 */
final class StrictCrudDispatcher extends KubernetesCrudDispatcher {
  final CrdSchemas schemas = new CrdSchemas();

  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
      GenericKubernetesResource resource, String newState) {
    BuiltInTypes.check(newState);
    super.processEvent(path, pathAttributes, oldAttributes, resource, schemas.admit(newState));
  }

  @Override
  public JsonNode merge(JsonNode stored, String patch) throws KubernetesCrudDispatcherException {
    try {
      return mergePatch(stored.deepCopy(), Serialization.jsonMapper().readTree(patch));
    } catch (IOException e) {
      throw new KubernetesCrudDispatcherException(e.getMessage(), 400);
    }
  }

  /** RFC 7386: objects merge field by field, null removes, anything else (a list too) replaces. */
  static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!(patch instanceof ObjectNode patchObject)) {
      return patch;
    }
    ObjectNode result = target instanceof ObjectNode object ? object : Serialization.jsonMapper().createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = patchObject.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), mergePatch(result.path(field.getKey()), field.getValue()));
      }
    }
    return result;
  }
}
