package dev.lifeboat.hibernate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.cluster.ApiWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Nodegroup;
import software.amazon.awssdk.services.eks.model.NodegroupScalingConfig;

/**
 * {@code eks-nodegroups}: the managed node groups of EKS cluster {@code parameters.cluster} (by name
 * in refs, or by tags) get desired and minimum size 0; the sizes they had are saved and put back
 * (the maximum is never changed: EKS requires it to be at least 1).
 */
final class EksNodegroupsExecutor extends AwsItemExecutor {
  @Override
  public String type() {
    return "eks-nodegroups";
  }

  private static String cluster(HibernateTarget t) {
    String cluster = t.parameters == null ? null : t.parameters.get("cluster");
    if (cluster == null || cluster.isBlank()) {
      throw new TargetException("parameters.cluster is missing: the EKS cluster whose node groups to scale");
    }
    return cluster;
  }

  @Override
  protected Map<String, ObjectNode> list(HibernateTarget t) {
    String cluster = cluster(t);
    Map<String, ObjectNode> all = new LinkedHashMap<>();
    try (EksClient eks = AwsTargets.client(EksClient.builder(), t)) {
      for (String name : eks.listNodegroupsPaginator(b -> b.clusterName(cluster)).nodegroups()) {
        Nodegroup ng = eks.describeNodegroup(b -> b.clusterName(cluster).nodegroupName(name)).nodegroup();
        NodegroupScalingConfig s = ng.scalingConfig();
        ObjectNode node = JSON.createObjectNode().put("id", name).put("minSize", s.minSize())
            .put("desiredSize", s.desiredSize()).put("maxSize", s.maxSize());
        node.set("tags", JSON.valueToTree(ng.tags() == null ? Map.of() : ng.tags()));
        all.put("nodegroup/" + name, node);
      }
    } catch (SdkException e) {
      throw AwsTargets.failure("ListNodegroups/DescribeNodegroup " + cluster, e);
    }
    return all;
  }

  @Override
  protected String refOf(String ref) {
    return ref.startsWith("nodegroup/") ? ref : "nodegroup/" + ref;
  }

  @Override
  ObjectNode save(ObjectNode item, HibernateTarget t) {
    return JSON.createObjectNode().put("minSize", item.path("minSize").asInt())
        .put("desiredSize", item.path("desiredSize").asInt()).put("maxSize", item.path("maxSize").asInt());
  }

  @Override
  boolean live(JsonNode saved, HibernateTarget t) {
    return saved.path("desiredSize").asInt() > 0;
  }

  @Override
  boolean atRest(ObjectNode item, HibernateTarget t) {
    return item.path("desiredSize").asInt() == 0 && item.path("minSize").asInt() == 0;
  }

  @Override
  void stop(ApiWriter writer, ObjectNode item, HibernateTarget t) {
    resize(t, item.path("id").asText(), 0, 0, item.path("maxSize").asInt());
  }

  @Override
  void restore(ApiWriter writer, ObjectNode item, JsonNode saved, HibernateTarget t) {
    resize(t, item.path("id").asText(), saved.path("minSize").asInt(), saved.path("desiredSize").asInt(),
        Math.max(item.path("maxSize").asInt(), saved.path("desiredSize").asInt()));
  }

  private static void resize(HibernateTarget t, String name, int min, int desired, int max) {
    String cluster = cluster(t);
    try (EksClient eks = AwsTargets.client(EksClient.builder(), t)) {
      eks.updateNodegroupConfig(b -> b.clusterName(cluster).nodegroupName(name)
          .scalingConfig(s -> s.minSize(min).desiredSize(desired).maxSize(Math.max(max, 1))));
    } catch (SdkException e) {
      throw AwsTargets.failure("UpdateNodegroupConfig " + cluster + "/" + name, e);
    }
  }

  @Override
  boolean matches(ObjectNode item, JsonNode saved, HibernateTarget t) {
    return item.path("desiredSize").asInt() == saved.path("desiredSize").asInt()
        && item.path("minSize").asInt() == saved.path("minSize").asInt();
  }

  @Override
  String describe(ObjectNode item, HibernateTarget t) {
    return "min " + item.path("minSize").asInt() + ", desired " + item.path("desiredSize").asInt();
  }

  @Override
  String describe(JsonNode saved, HibernateTarget t) {
    return "min " + saved.path("minSize").asInt() + ", desired " + saved.path("desiredSize").asInt();
  }
}
