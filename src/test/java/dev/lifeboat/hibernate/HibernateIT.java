package dev.lifeboat.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.HibernatePhase;
import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.lifecycle.Tenancy;
import dev.lifeboat.api.HibernateWindow;
import dev.lifeboat.api.Labels;
import dev.lifeboat.engine.WatchController;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.Hibernation;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A controller hibernating real (sandbox) objects on demand: one sandbox, a namespace per test. */
class HibernateIT {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  @TempDir
  static Path tmp;
  static Harness h;

  @BeforeAll
  static void start() {
    h = new Harness(tmp, InstantPodExecutor.succeeding());
    Hibernation.nodePoolCrd(h.client);
    Hibernation.nodePool(h.client, "default", Map.of("cpu", "100", "memory", "400Gi"));
    Hibernation.nodePool(h.client, "unbounded", null);
    KubernetesClient own = h.newClient();
    h.controller(h.writer(own), own, 2).start();
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  /** Windows that never begin within the test: only on-demand requests move the plan. */
  private static List<HibernateWindow> never() {
    return List.of();
  }

  private static void shop(String ns) {
    Objects.deployment(h.client, ns, "web", 3);
    Objects.deployment(h.client, ns, "api", 1);
    Objects.statefulSet(h.client, ns, "db", 2);
    Hibernation.cronJob(h.client, ns, "report", false);
    Hibernation.cronJob(h.client, ns, "cleanup", true);
  }

  private static HibernatePlan create(HibernatePlan plan) {
    return h.client.resources(HibernatePlan.class).resource(plan).create();
  }

  /** A plan of one {@code patch} target over {@code ref}, tried once (retries 0): an error ends it at once. */
  private static HibernatePlan patchPlan(String ns, String name, String target, String ref, Map<String, String> params) {
    HibernatePlan plan = Hibernation.plan(ns, name, "UTC", never(), Hibernation.target(target, "patch", null, ref));
    plan.getSpec().targets.get(0).parameters.putAll(params);
    plan.getSpec().retries = 0;
    return plan;
  }

  static void request(String ns, String name, String what) {
    // A merge patch, as the CLI writes it: no resourceVersion, so the controller's status writes do not conflict.
    h.client.resources(HibernatePlan.class).inNamespace(ns).withName(name).patch(
        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
        "{\"metadata\":{\"annotations\":{\"" + Labels.HIBERNATE + "\":\"" + what + "\",\"" + Labels.HIBERNATE_UNTIL
            + "\":null}}}");
  }

  static HibernatePlan plan(String ns, String name) {
    return h.client.resources(HibernatePlan.class).inNamespace(ns).withName(name).get();
  }

  static void awaitPhase(String ns, String name, HibernatePhase phase) {
    Eventually.await(DEADLINE, name + " " + phase, () -> {
      HibernatePlan p = plan(ns, name);
      return p.getStatus() != null && p.getStatus().phase == phase;
    });
  }

  @Test
  void sleepsOnDemandAndWakesEverythingAsItWasFieldByField() {
    String ns = Tenancy.DEFAULT_ADMIN_NAMESPACE; // NodePools are cluster-wide: only lifeboat's own plans reach them
    shop(ns);
    Map<String, Object> before = Hibernation.state(h.client, ns);
    create(Hibernation.plan(ns, "nightly", "Europe/Berlin", never(),
        Hibernation.target("apps", "workloads", "app=shop"),
        Hibernation.target("jobs", "cronjobs", null, "report", "cleanup"),
        Hibernation.target("nodes", "nodepools", null, "default", "unbounded")));
    awaitPhase(ns, "nightly", HibernatePhase.Active);
    request(ns, "nightly", "now");
    awaitPhase(ns, "nightly", HibernatePhase.Hibernated);
    Map<String, Object> asleep = Hibernation.state(h.client, ns);
    assertEquals(0, asleep.get("deployment/web"));
    assertEquals(0, asleep.get("deployment/api"));
    assertEquals(0, asleep.get("statefulset/db"));
    assertEquals(true, asleep.get("cronjob/report"));
    assertEquals("{cpu=0, memory=0}", asleep.get("nodepool/default"));
    assertEquals("{cpu=0, memory=0}", asleep.get("nodepool/unbounded"));
    ConfigMap data = h.client.configMaps().inNamespace(ns).withName("nightly-hibernate-data").get();
    assertTrue(data.getData().get("apps").contains("\"isLive\":true"), data.getData().toString());
    assertTrue(data.getData().get("apps").contains("\"deployment/web\":{\"replicas\":3}"), data.getData().toString());

    request(ns, "nightly", "wake");
    awaitPhase(ns, "nightly", HibernatePhase.Active);
    assertEquals(before, Hibernation.state(h.client, ns), "every field as before the sleep");
    Eventually.await(DEADLINE, "restored marks cleared", () -> h.client.configMaps().inNamespace(ns)
        .withName("nightly-hibernate-data").get().getMetadata().getAnnotations().entrySet().stream()
        .noneMatch(e -> e.getKey().startsWith(Labels.RESTORED_MARK_PREFIX) && e.getValue() != null));
  }

  @Test
  void aSecondShutdownOfTargetsAlreadyAtZeroKeepsTheOriginalReplicas() {
    String ns = "seed";
    Objects.deployment(h.client, ns, "web", 3);
    Objects.deployment(h.client, ns, "api", 1);
    create(Hibernation.plan(ns, "p", "UTC", never(), Hibernation.target("apps", "workloads", null,
        "deployment/web", "deployment/api")));
    request(ns, "p", "now");
    awaitPhase(ns, "p", HibernatePhase.Hibernated);
    // The seed's bug: the plan starts a shutdown again while everything is at 0 (here: its status lost).
    for (int attempt = 0; ; attempt++) { // re-read on a conflict with the controller's own status write
      HibernatePlan p = plan(ns, "p");
      p.getStatus().phase = HibernatePhase.Active;
      p.getStatus().cycleId = null;
      try {
        h.client.resources(HibernatePlan.class).resource(p).updateStatus();
        break;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 5) {
          throw e;
        }
      }
    }
    Eventually.await(DEADLINE, "a second cycle", () -> {
      HibernatePlan q = plan(ns, "p");
      return q.getStatus().history.size() == 2 && q.getStatus().phase == HibernatePhase.Hibernated;
    });
    request(ns, "p", "wake");
    awaitPhase(ns, "p", HibernatePhase.Active);
    assertEquals(3, Objects.replicas(h.client, ns, "deployment/web"));
    assertEquals(1, Objects.replicas(h.client, ns, "deployment/api"));
  }

  @Test
  void aDeploymentScaledByHandWhileAsleepKeepsItsNewCount() {
    String ns = "manual";
    Objects.deployment(h.client, ns, "web", 3);
    Objects.deployment(h.client, ns, "api", 1);
    create(Hibernation.plan(ns, "p", "UTC", never(), Hibernation.target("apps", "workloads", "app=shop")));
    request(ns, "p", "now");
    awaitPhase(ns, "p", HibernatePhase.Hibernated);
    h.client.apps().deployments().inNamespace(ns).withName("web").scale(5);
    request(ns, "p", "wake");
    awaitPhase(ns, "p", HibernatePhase.Active);
    assertEquals(5, Objects.replicas(h.client, ns, "deployment/web"), "the person's change wins");
    assertEquals(1, Objects.replicas(h.client, ns, "deployment/api"));
    Eventually.await(DEADLINE, "an Event reporting it", () -> h.client.v1().events().inNamespace(ns).list().getItems()
        .stream().anyMatch(e -> "ChangedWhileAsleep".equals(e.getReason()) && e.getMessage().contains("deployment/web")
            && e.getMessage().contains("5 replicas") && e.getMessage().contains("saved: 3 replicas")));
  }

  /**
   * A team's plan reaches nothing beyond its namespace, whatever the controller's ClusterRole allows: NodePools, a
   * patch of cluster-scoped objects (said or not), the controller's own cloud identity. Nothing is touched.
   */
  @Test
  void aTeamsPlanCannotReachBeyondItsNamespace() {
    String ns = "team-a";
    Objects.deployment(h.client, ns, "web", 2);
    Hibernation.nodePool(h.client, "team-a-pool", Map.of("cpu", "8"));
    String poolBefore = String.valueOf(Hibernation.state(h.client, ns).get("nodepool/team-a-pool"));
    create(Hibernation.plan(ns, "pools", "UTC", never(), Hibernation.target("apps", "workloads", "app=shop"),
        Hibernation.target("nodes", "nodepools", null, "team-a-pool")));
    awaitPhase(ns, "pools", HibernatePhase.Error);
    assertEquals("invalid spec: targets[1] (nodes): Karpenter NodePools are cluster-wide: only objects in lifeboat's"
        + " own namespace lifeboat-system may act beyond their namespace; create the plan there",
        plan(ns, "pools").getStatus().message);

    create(patchPlan(ns, "unsaid", "pool", "team-a-pool", Map.of("apiVersion", "karpenter.sh/v1", "kind", "NodePool",
        "patch", "{\"spec\":{\"limits\":{\"cpu\":\"0\"}}}")));
    request(ns, "unsaid", "now");
    awaitPhase(ns, "unsaid", HibernatePhase.Error);
    assertTrue(plan(ns, "unsaid").getStatus().message.contains("NodePool is cluster-scoped: a plan reaches it only"
        + " with parameters.scope: Cluster"), plan(ns, "unsaid").getStatus().message);

    create(patchPlan(ns, "said", "pool", "team-a-pool", Map.of("apiVersion", "karpenter.sh/v1", "kind", "NodePool",
        "patch", "{\"spec\":{\"limits\":{\"cpu\":\"0\"}}}", "scope", "Cluster")));
    awaitPhase(ns, "said", HibernatePhase.Error);
    assertTrue(plan(ns, "said").getStatus().message.contains("targets[0] (pool).parameters.scope: Cluster targets"
        + " cluster-scoped objects"), plan(ns, "said").getStatus().message);

    HibernatePlan cloud = Hibernation.plan(ns, "cloud", "UTC", never(), Hibernation.target("vms", "ec2", "env=dev"));
    create(cloud);
    awaitPhase(ns, "cloud", HibernatePhase.Error);
    assertTrue(plan(ns, "cloud").getStatus().message.contains("targets[0] (vms).parameters.credentialsSecret is"
        + " missing: without it the target acts with the controller's own cloud identity"),
        plan(ns, "cloud").getStatus().message);

    assertEquals(poolBefore, String.valueOf(Hibernation.state(h.client, ns).get("nodepool/team-a-pool")));
    assertEquals(2, Hibernation.state(h.client, ns).get("deployment/web"), "nothing of the plan ran");
    assertEquals(0, h.jobCount(ns), "no Job acted for a refused plan");
  }

  @Test
  void aTargetOfAKindTheClusterDoesNotServeEndsInErrorSayingSo() {
    String ns = "unserved";
    create(patchPlan(ns, "p", "widgets", "w1", Map.of("apiVersion", "example.com/v1", "kind", "Widget",
        "patch", "{\"spec\":{\"paused\":true}}")));
    request(ns, "p", "now");
    awaitPhase(ns, "p", HibernatePhase.Error);
    String message = plan(ns, "p").getStatus().message;
    assertTrue(message.startsWith("target widgets failed 1 times: the cluster does not serve this kind (is its CRD"
        + " installed?)"), message);
  }

  @Test
  void aTargetAlreadyDownAtTheFirstShutdownWakesAsANoOpInsteadOfDeadlocking() {
    String ns = "down";
    Objects.deployment(h.client, ns, "web", 3);
    Objects.deployment(h.client, ns, "idle", 0);
    create(Hibernation.plan(ns, "p", "UTC", never(), Hibernation.target("web", "workloads", null, "deployment/web"),
        Hibernation.target("idle", "workloads", null, "deployment/idle")));
    request(ns, "p", "now");
    awaitPhase(ns, "p", HibernatePhase.Hibernated);
    request(ns, "p", "wake");
    awaitPhase(ns, "p", HibernatePhase.Active);
    assertEquals(3, Objects.replicas(h.client, ns, "deployment/web"));
    assertEquals(0, Objects.replicas(h.client, ns, "deployment/idle"));
    assertTrue(h.client.v1().events().inNamespace(ns).list().getItems().stream()
        .anyMatch(e -> "AlreadyDown".equals(e.getReason()) && e.getMessage().contains("target idle")));
  }
}
