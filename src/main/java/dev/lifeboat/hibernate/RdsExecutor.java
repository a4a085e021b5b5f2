package dev.lifeboat.hibernate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.cluster.ApiWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.Tag;
import java.util.List;

/**
 * {@code rds}: DB instances ({@code instance/ID} or a bare ID in refs) and Aurora clusters
 * ({@code cluster/ID}) stopped, started again if they were available. An instance that belongs to a
 * cluster is left to its cluster (RDS stops cluster members only through the cluster).
 */
final class RdsExecutor extends AwsStateExecutor {
  private static final Set<String> AT_REST = Set.of("stopping", "stopped");

  @Override
  public String type() {
    return "rds";
  }

  @Override
  protected Map<String, ObjectNode> list(HibernateTarget t) {
    Map<String, ObjectNode> all = new LinkedHashMap<>();
    try (RdsClient rds = AwsTargets.client(RdsClient.builder(), t)) {
      for (DBInstance i : rds.describeDBInstancesPaginator(b -> { }).dbInstances()) {
        if (i.dbClusterIdentifier() == null) {
          all.put("instance/" + i.dbInstanceIdentifier(), node(i.dbInstanceIdentifier(), "instance",
              i.dbInstanceStatus(), i.tagList()));
        }
      }
      for (DBCluster c : rds.describeDBClustersPaginator(b -> { }).dbClusters()) {
        all.put("cluster/" + c.dbClusterIdentifier(), node(c.dbClusterIdentifier(), "cluster", c.status(), c.tagList()));
      }
    } catch (SdkException e) {
      throw AwsTargets.failure("DescribeDBInstances/DescribeDBClusters", e);
    }
    return all;
  }

  private static ObjectNode node(String id, String kind, String status, List<Tag> tagList) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (Tag tag : tagList) {
      tags.put(tag.key(), tag.value());
    }
    ObjectNode node = JSON.createObjectNode().put("id", id).put("kind", kind).put("state", status);
    node.set("tags", JSON.valueToTree(tags));
    return node;
  }

  @Override
  protected String refOf(String ref) {
    return ref.startsWith("instance/") || ref.startsWith("cluster/") ? ref : "instance/" + ref;
  }

  @Override
  boolean live(JsonNode saved, HibernateTarget t) {
    return !AT_REST.contains(saved.path("state").asText());
  }

  @Override
  boolean atRest(ObjectNode item, HibernateTarget t) {
    return AT_REST.contains(item.path("state").asText());
  }

  @Override
  boolean settled(ObjectNode item) {
    return "stopped".equals(item.path("state").asText());
  }

  @Override
  boolean ready(ObjectNode item) {
    return "available".equals(item.path("state").asText());
  }

  @Override
  void stop(ApiWriter writer, ObjectNode item, HibernateTarget t) {
    String id = item.path("id").asText();
    boolean cluster = "cluster".equals(item.path("kind").asText());
    try (RdsClient rds = AwsTargets.client(RdsClient.builder(), t)) {
      if (cluster) {
        rds.stopDBCluster(b -> b.dbClusterIdentifier(id));
      } else {
        rds.stopDBInstance(b -> b.dbInstanceIdentifier(id));
      }
    } catch (SdkException e) {
      throw AwsTargets.failure((cluster ? "StopDBCluster " : "StopDBInstance ") + id, e);
    }
  }

  @Override
  void restore(ApiWriter writer, ObjectNode item, JsonNode saved, HibernateTarget t) {
    String id = item.path("id").asText();
    boolean cluster = "cluster".equals(item.path("kind").asText());
    try (RdsClient rds = AwsTargets.client(RdsClient.builder(), t)) {
      if (cluster) {
        rds.startDBCluster(b -> b.dbClusterIdentifier(id));
      } else {
        rds.startDBInstance(b -> b.dbInstanceIdentifier(id));
      }
    } catch (SdkException e) {
      throw AwsTargets.failure((cluster ? "StartDBCluster " : "StartDBInstance ") + id, e);
    }
  }
}
