package dev.lifeboat.hibernate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.cluster.ClusterView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.util.List;
import java.util.Map;

/** {@code cronjobs}: CronJobs suspended; whether each was suspended before is saved. */
final class CronJobsExecutor extends KubeItemExecutor {
  @Override
  public String type() {
    return "cronjobs";
  }

  @Override
  Map<String, HasMetadata> resolve(ClusterView live, String ns, HibernateTarget t, List<String> missing) {
    Map<String, HasMetadata> items = ordered();
    for (String ref : t.refs == null ? List.<String>of() : t.refs) {
      String name = ref.startsWith("cronjob/") ? ref.substring("cronjob/".length()) : ref;
      CronJob c = live.get(CronJob.class, ns, name);
      if (c == null) {
        missing.add("cronjob/" + name);
      } else {
        items.put("cronjob/" + name, c);
      }
    }
    if (t.selector != null && !t.selector.isBlank()) { // a list of every CronJob only when a selector asks for one
      matching(live.listAll(CronJob.class, ns), t)
          .forEach(c -> items.putIfAbsent("cronjob/" + c.getMetadata().getName(), c));
    }
    return items;
  }

  private static boolean suspended(HasMetadata item) {
    CronJob c = (CronJob) item;
    return c.getSpec() != null && Boolean.TRUE.equals(c.getSpec().getSuspend());
  }

  @Override
  ObjectNode save(HasMetadata item, HibernateTarget t) {
    return JSON.createObjectNode().put("suspend", suspended(item));
  }

  @Override
  boolean live(JsonNode saved, HibernateTarget t) {
    return !saved.path("suspend").asBoolean();
  }

  @Override
  boolean atRest(HasMetadata item, HibernateTarget t) {
    return suspended(item);
  }

  @Override
  String restPatch(HasMetadata item, HibernateTarget t) {
    return "{\"spec\":{\"suspend\":true}}";
  }

  @Override
  String wakePatch(HasMetadata item, JsonNode saved, HibernateTarget t) {
    return "{\"spec\":{\"suspend\":" + saved.path("suspend").asBoolean() + "}}";
  }

  @Override
  boolean matches(HasMetadata item, JsonNode saved, HibernateTarget t) {
    return suspended(item) == saved.path("suspend").asBoolean();
  }

  @Override
  String describe(HasMetadata item, HibernateTarget t) {
    return suspended(item) ? "suspended" : "not suspended";
  }

  @Override
  String describe(JsonNode saved, HibernateTarget t) {
    return saved.path("suspend").asBoolean() ? "suspended" : "not suspended";
  }
}
