package dev.lifeboat.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.List;
import java.util.Map;

/**
 * The fields a real API server selects on beyond {@code metadata.name}: an Event's {@code involvedObject.*},
 * {@code reason} and {@code type} ({@code kubectl get events --field-selector involvedObject.name=POD}, and lifeboat's
 * look for why a Job's pod has not started), and a Pod's {@code spec.nodeName} and {@code status.phase}. The mock
 * matches a field selector against the attributes of each stored object (which it holds as generic resources), and
 * these are added to them.
 */
final class FieldAttributes extends KubernetesAttributesExtractor {
  private static final Map<String, List<String>> FIELDS = Map.of(
      "Event", List.of("involvedObject.name", "involvedObject.kind", "involvedObject.namespace", "involvedObject.uid",
          "reason", "type"),
      "Pod", List.of("spec.nodeName", "status.phase"));

  @Override
  public AttributeSet extract(HasMetadata object) {
    AttributeSet attributes = super.extract(object);
    List<String> fields = FIELDS.get(object.getKind());
    if (fields == null) {
      return attributes;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> tree = Serialization.jsonMapper().convertValue(object, Map.class);
    for (String field : fields) {
      Object value = tree;
      for (String part : field.split("\\.")) {
        value = value instanceof Map<?, ?> map ? map.get(part) : null;
      }
      if (value != null) {
        attributes = attributes.add(new Attribute(field, String.valueOf(value)));
      }
    }
    return attributes;
  }
}
