package dev.lifeboat.hibernate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.cluster.ClusterView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;

/** {@code workloads}: Deployments, StatefulSets and ReplicaSets scaled to 0; their replicas saved. */
final class WorkloadsExecutor extends KubeItemExecutor {
  @Override
  public String type() {
    return "workloads";
  }

  @Override
  Map<String, HasMetadata> resolve(ClusterView live, String ns, HibernateTarget t, List<String> missing) {
    Map<String, HasMetadata> items = ordered();
    for (String ref : t.refs == null ? List.<String>of() : t.refs) {
      String[] parts = ref.split("/", 2);
      HasMetadata item = switch (parts[0]) {
        case "deployment" -> live.get(Deployment.class, ns, parts[1]);
        case "statefulset" -> live.get(StatefulSet.class, ns, parts[1]);
        case "replicaset" -> live.get(ReplicaSet.class, ns, parts[1]);
        default -> null;
      };
      if (item == null) {
        missing.add(ref);
      } else {
        items.put(ref, item);
      }
    }
    if (t.selector != null && !t.selector.isBlank()) {
      matching(live.list(Deployment.class, ns), t).forEach(d -> items.putIfAbsent("deployment/" + d.getMetadata().getName(), d));
      matching(live.list(StatefulSet.class, ns), t)
          .forEach(s -> items.putIfAbsent("statefulset/" + s.getMetadata().getName(), s));
      // A ReplicaSet a Deployment owns follows its Deployment: scaling it would fight the Deployment.
      matching(live.list(ReplicaSet.class, ns), t).stream()
          .filter(r -> r.getMetadata().getOwnerReferences() == null || r.getMetadata().getOwnerReferences().isEmpty())
          .forEach(r -> items.putIfAbsent("replicaset/" + r.getMetadata().getName(), r));
    }
    return items;
  }

  @Override
  ObjectNode save(HasMetadata item, HibernateTarget t) {
    return JSON.createObjectNode().put("replicas", replicas(item));
  }

  @Override
  boolean live(JsonNode saved, HibernateTarget t) {
    return saved.path("replicas").asInt() > 0;
  }

  @Override
  boolean atRest(HasMetadata item, HibernateTarget t) {
    return replicas(item) == 0;
  }

  @Override
  boolean settled(HasMetadata item) {
    return statusReplicas(item)[0] == 0;
  }

  @Override
  boolean ready(HasMetadata item) {
    return statusReplicas(item)[1] >= replicas(item);
  }

  @Override
  String restPatch(HasMetadata item, HibernateTarget t) {
    return "{\"spec\":{\"replicas\":0}}";
  }

  @Override
  String wakePatch(HasMetadata item, JsonNode saved, HibernateTarget t) {
    return "{\"spec\":{\"replicas\":" + saved.path("replicas").asInt() + "}}";
  }

  @Override
  boolean matches(HasMetadata item, JsonNode saved, HibernateTarget t) {
    return replicas(item) == saved.path("replicas").asInt();
  }

  @Override
  String describe(HasMetadata item, HibernateTarget t) {
    return replicas(item) + " replicas";
  }

  @Override
  String describe(JsonNode saved, HibernateTarget t) {
    return saved.path("replicas").asInt() + " replicas";
  }

  /** spec.replicas; absent means 1, as the API server defaults it. */
  static int replicas(HasMetadata item) {
    Integer r = null;
    if (item instanceof Deployment d && d.getSpec() != null) {
      r = d.getSpec().getReplicas();
    } else if (item instanceof StatefulSet s && s.getSpec() != null) {
      r = s.getSpec().getReplicas();
    } else if (item instanceof ReplicaSet rs && rs.getSpec() != null) {
      r = rs.getSpec().getReplicas();
    }
    return r == null ? 1 : r;
  }

  /** {status.replicas, status.readyReplicas}. */
  private static int[] statusReplicas(HasMetadata item) {
    Integer current = null;
    Integer ready = null;
    if (item instanceof Deployment d && d.getStatus() != null) {
      current = d.getStatus().getReplicas();
      ready = d.getStatus().getReadyReplicas();
    } else if (item instanceof StatefulSet s && s.getStatus() != null) {
      current = s.getStatus().getReplicas();
      ready = s.getStatus().getReadyReplicas();
    } else if (item instanceof ReplicaSet r && r.getStatus() != null) {
      current = r.getStatus().getReplicas();
      ready = r.getStatus().getReadyReplicas();
    }
    return new int[] {current == null ? 0 : current, ready == null ? 0 : ready};
  }
}
