package dev.lifeboat.hibernate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.api.HibernateTarget;

/**
 * AWS resources whose whole story is a state (EC2 instances, RDS instances and clusters): the
 * state is what is saved, and an object shows its saved state again when it runs (or not) as it did.
 */
abstract class AwsStateExecutor extends AwsItemExecutor {
  @Override
  ObjectNode save(ObjectNode item, HibernateTarget t) {
    return JSON.createObjectNode().put("state", item.path("state").asText());
  }

  @Override
  boolean matches(ObjectNode item, JsonNode saved, HibernateTarget t) {
    return live(item, t) == live(saved, t);
  }

  @Override
  String describe(ObjectNode item, HibernateTarget t) {
    return item.path("state").asText();
  }

  @Override
  String describe(JsonNode saved, HibernateTarget t) {
    return saved.path("state").asText();
  }
}
