package dev.lifeboat.support;

import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.api.HibernatePlanSpec;
import dev.lifeboat.api.HibernateSchedule;
import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.api.HibernateWindow;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Objects for hibernation tests: CronJobs, a Karpenter NodePool (with its CRD), plans, and the state of them all. */
public final class Hibernation {
  private Hibernation() {}

  /** Karpenter's NodePool CRD (cluster-scoped karpenter.sh/v1), as Karpenter's chart installs it, reduced to its names. */
  public static void nodePoolCrd(KubernetesClient client) {
    client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName("nodepools.karpenter.sh").endMetadata()
        .withNewSpec().withGroup("karpenter.sh").withScope("Cluster")
        .withNewNames().withPlural("nodepools").withSingular("nodepool").withKind("NodePool").withListKind("NodePoolList")
        .endNames()
        .addNewVersion().withName("v1").withServed(true).withStorage(true).withNewSchema().withNewOpenAPIV3Schema()
        .withType("object").withXKubernetesPreserveUnknownFields(true).endOpenAPIV3Schema().endSchema().endVersion()
        .endSpec().build()).create();
  }

  public static void nodePool(KubernetesClient client, String name, Map<String, String> limits) {
    GenericKubernetesResource pool = new GenericKubernetesResourceBuilder().withApiVersion("karpenter.sh/v1")
        .withKind("NodePool").withNewMetadata().withName(name).addToLabels("env", "dev").endMetadata().build();
    pool.setAdditionalProperty("spec", limits == null ? Map.of("weight", 10) : Map.of("weight", 10, "limits", limits));
    client.genericKubernetesResources("karpenter.sh/v1", "NodePool").resource(pool).create();
  }

  public static void cronJob(KubernetesClient client, String ns, String name, boolean suspend) {
    client.batch().v1().cronjobs().inNamespace(ns).resource(new CronJobBuilder().withNewMetadata().withName(name)
        .withNamespace(ns).addToLabels("app", "shop").endMetadata().withNewSpec().withSchedule("0 3 * * *")
        .withSuspend(suspend).withNewJobTemplate().withNewSpec().withNewTemplate().withNewSpec()
        .addNewContainer().withName("c").withImage("report").endContainer().withRestartPolicy("Never").endSpec()
        .endTemplate().endSpec().endJobTemplate().endSpec().build()).create();
  }

  public static HibernateTarget target(String name, String type, String selector, String... refs) {
    HibernateTarget t = new HibernateTarget(name, type);
    t.selector = selector;
    t.refs = new java.util.ArrayList<>(List.of(refs));
    return t;
  }

  public static HibernatePlan plan(String ns, String name, String zone, List<HibernateWindow> windows,
      HibernateTarget... targets) {
    HibernatePlan plan = new HibernatePlan();
    plan.getMetadata().setName(name);
    plan.getMetadata().setNamespace(ns);
    plan.setSpec(new HibernatePlanSpec());
    plan.getSpec().schedule = new HibernateSchedule();
    plan.getSpec().schedule.timeZone = zone;
    plan.getSpec().schedule.offHours = new java.util.ArrayList<>(windows);
    plan.getSpec().targets = new java.util.ArrayList<>(List.of(targets));
    return plan;
  }

  @SuppressWarnings("unchecked")
  private static String limits(GenericKubernetesResource pool) {
    Object limits = ((Map<?, ?>) pool.getAdditionalProperties().get("spec")).get("limits");
    return limits == null ? "none" : new TreeMap<>((Map<String, Object>) limits).toString();
  }

  /**
   * Every field a plan may touch, by object: replicas of Deployments and StatefulSets, suspend of
   * CronJobs, limits of NodePools. Two equal maps = everything as it was.
   */
  public static Map<String, Object> state(KubernetesClient client, String ns) {
    Map<String, Object> state = new TreeMap<>();
    client.apps().deployments().inNamespace(ns).list().getItems()
        .forEach(d -> state.put("deployment/" + d.getMetadata().getName(), d.getSpec().getReplicas()));
    client.apps().statefulSets().inNamespace(ns).list().getItems()
        .forEach(s -> state.put("statefulset/" + s.getMetadata().getName(), s.getSpec().getReplicas()));
    client.batch().v1().cronjobs().inNamespace(ns).list().getItems().stream()
        .filter(c -> c.getMetadata().getLabels() == null || !c.getMetadata().getLabels().containsKey("app.kubernetes.io/managed-by"))
        .forEach(c -> state.put("cronjob/" + c.getMetadata().getName(), c.getSpec().getSuspend()));
    try {
      client.genericKubernetesResources("karpenter.sh/v1", "NodePool").list().getItems().forEach(p -> state.put(
          "nodepool/" + p.getMetadata().getName(), limits(p)));
    } catch (RuntimeException e) {
      // no NodePool CRD in this sandbox
    }
    return state;
  }
}
