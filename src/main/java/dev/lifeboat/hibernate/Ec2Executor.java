package dev.lifeboat.hibernate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.cluster.ApiWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Tag;
import java.util.function.Consumer;

/** {@code ec2}: instances (by ID in refs, or by tags through the selector) stopped; started again if they ran. */
final class Ec2Executor extends AwsStateExecutor {
  private static final Set<String> RUNNING = Set.of("pending", "running");
  private static final Set<String> AT_REST = Set.of("stopping", "stopped");

  @Override
  public String type() {
    return "ec2";
  }

  @Override
  protected Map<String, ObjectNode> list(HibernateTarget t) {
    Map<String, ObjectNode> all = new LinkedHashMap<>();
    try (Ec2Client ec2 = AwsTargets.client(Ec2Client.builder(), t)) {
      for (Reservation r : ec2.describeInstancesPaginator(b -> { }).reservations()) {
        for (Instance i : r.instances()) {
          if (!"terminated".equals(i.state().nameAsString())) {
            Map<String, String> tags = new LinkedHashMap<>();
            for (Tag tag : i.tags()) {
              tags.put(tag.key(), tag.value());
            }
            ObjectNode node = JSON.createObjectNode().put("id", i.instanceId()).put("state", i.state().nameAsString());
            node.set("tags", JSON.valueToTree(tags));
            all.put("instance/" + i.instanceId(), node);
          }
        }
      }
    } catch (SdkException e) {
      throw AwsTargets.failure("DescribeInstances", e);
    }
    return all;
  }

  @Override
  protected String refOf(String ref) {
    return ref.startsWith("instance/") ? ref : "instance/" + ref;
  }

  @Override
  boolean live(JsonNode saved, HibernateTarget t) {
    return RUNNING.contains(saved.path("state").asText());
  }

  @Override
  boolean atRest(ObjectNode item, HibernateTarget t) {
    return AT_REST.contains(item.path("state").asText());
  }

  @Override
  boolean settled(ObjectNode item) {
    return !"stopping".equals(item.path("state").asText());
  }

  @Override
  boolean ready(ObjectNode item) {
    return "running".equals(item.path("state").asText());
  }

  @Override
  void stop(ApiWriter writer, ObjectNode item, HibernateTarget t) {
    call(t, "StopInstances " + item.path("id").asText(), ec2 -> ec2.stopInstances(b -> b.instanceIds(item.path("id").asText())));
  }

  @Override
  void restore(ApiWriter writer, ObjectNode item, JsonNode saved, HibernateTarget t) {
    call(t, "StartInstances " + item.path("id").asText(),
        ec2 -> ec2.startInstances(b -> b.instanceIds(item.path("id").asText())));
  }

  private static void call(HibernateTarget t, String what, Consumer<Ec2Client> action) {
    try (Ec2Client ec2 = AwsTargets.client(Ec2Client.builder(), t)) {
      action.accept(ec2);
    } catch (SdkException e) {
      throw AwsTargets.failure(what, e);
    }
  }
}
