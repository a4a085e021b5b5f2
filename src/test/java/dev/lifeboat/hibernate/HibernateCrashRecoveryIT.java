package dev.lifeboat.hibernate;

import dev.lifeboat.kinds.Kinds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.HibernatePhase;
import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.api.Labels;
import dev.lifeboat.cluster.ApiWriter;
import dev.lifeboat.cluster.KubeApiWriter;
import dev.lifeboat.engine.WatchController;
import dev.lifeboat.support.CrashingWriter;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.Hibernation;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full cycle (shutdown on demand, then wake-up) of a plan over Deployments, a StatefulSet, a
 * CronJob and a NodePool, with the controller stopped right after its 1st, 2nd, 3rd, ... write and
 * a fresh one started: every time the same end state as an uninterrupted cycle — everything as
 * before, one cycle in the history, committed restore points, no pending capture, no mark left.
 */
class HibernateCrashRecoveryIT {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  @TempDir
  Path tmp;

  @Test
  void restartAfterAnyWriteOfACycleConvergesToTheSameEndState() throws Exception {
    int uninterrupted = -1;
    try (Harness h = new Harness(tmp, InstantPodExecutor.succeeding())) {
      Hibernation.nodePoolCrd(h.client);
      for (int crashAfter = 1; crashAfter < 80; crashAfter++) {
        String ns = "crash-" + crashAfter;
        String pool = "pool-" + crashAfter;
        Objects.deployment(h.client, ns, "web", 3);
        Objects.deployment(h.client, ns, "api", 1);
        Objects.statefulSet(h.client, ns, "db", 2);
        Hibernation.cronJob(h.client, ns, "report", false);
        Hibernation.nodePool(h.client, pool, Map.of("cpu", "16"));
        Map<String, Object> before = namespaceState(h, ns);
        String poolBefore = poolLimits(h, pool);
        h.client.resources(HibernatePlan.class).resource(Hibernation.plan(ns, "p", "UTC", List.of(),
            Hibernation.target("apps", "workloads", "app=shop"), Hibernation.target("jobs", "cronjobs", null, "report"),
            Hibernation.target("nodes", "nodepools", null, pool))).create();
        request(h, ns, "now");

        KubernetesClient first = h.newClient();
        CrashingWriter crashing = new CrashingWriter(new KubeApiWriter(first, Clock.systemUTC()), crashAfter);
        WatchController doomed = controller(first, crashing, h, ns);
        doomed.start();
        boolean wakeRequested = false;
        while (true) {
          Eventually.await(DEADLINE, "a crash or the next phase", () -> crashing.crashed.get()
              || phase(h, ns) == HibernatePhase.Hibernated || done(h, ns));
          if (crashing.crashed.get() || done(h, ns)) {
            break;
          }
          if (!wakeRequested) {
            request(h, ns, "wake");
            wakeRequested = true;
          }
        }
        if (!crashing.crashed.get()) {
          Eventually.await(DEADLINE, "idle", doomed::isIdle);
        }
        doomed.close();
        if (!crashing.crashed.get()) {
          uninterrupted = crashing.writes.get();
          assertEndState(h, ns, before, pool, poolBefore);
          break;
        }
        KubernetesClient second = h.newClient();
        WatchController healthy = controller(second, new KubeApiWriter(second, Clock.systemUTC()), h, ns);
        healthy.start();
        if (!wakeRequested) {
          Eventually.await(DEADLINE, "Hibernated after a crash following write " + crashAfter + " " + crashing.log,
              () -> phase(h, ns) == HibernatePhase.Hibernated);
          request(h, ns, "wake");
        }
        Eventually.await(DEADLINE, "the end state after a crash following write " + crashAfter + " " + crashing.log,
            () -> done(h, ns), () -> "the plan: " + io.fabric8.kubernetes.client.utils.Serialization.asJson(h.client.resources(HibernatePlan.class)
                .inNamespace(ns).withName("p").get().getStatus()) + "; its data: " + h.client.configMaps().inNamespace(ns).withName("p-hibernate-data")
                .get());
        healthy.close();
        assertEndState(h, ns, before, pool, poolBefore);
        // Done with this namespace: the next controllers need not list and look at this plan again.
        h.client.resources(HibernatePlan.class).inNamespace(ns).withName("p").delete();
      }
    }
    System.out.println("uninterrupted hibernation cycle: " + uninterrupted + " writes");
    assertTrue(uninterrupted > 0, "the loop reached a crash point past the whole cycle");
  }

  /** A controller whose own namespace is the plan's: only there may a plan zero a NodePool's limits. */
  private static WatchController controller(KubernetesClient client, ApiWriter writer, Harness h, String ns) {
    return new WatchController(Kinds.reconcilers(), client, null, writer,
        h.jobs(new dev.lifeboat.lifecycle.Tenancy(ns, List.of())), Clock.systemUTC(), 1);
  }

  private static void request(Harness h, String ns, String what) {
    // A merge patch, as the CLI writes it: no resourceVersion, so the controller's status writes do not conflict.
    h.client.resources(HibernatePlan.class).inNamespace(ns).withName("p").patch(
        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
        "{\"metadata\":{\"annotations\":{\"" + Labels.HIBERNATE + "\":\"" + what + "\",\"" + Labels.HIBERNATE_UNTIL
            + "\":null}}}");
  }

  private static HibernatePhase phase(Harness h, String ns) {
    HibernatePlan p = h.client.resources(HibernatePlan.class).inNamespace(ns).withName("p").get();
    return p.getStatus() == null ? null : p.getStatus().phase;
  }

  private static boolean done(Harness h, String ns) {
    HibernatePlan p = h.client.resources(HibernatePlan.class).inNamespace(ns).withName("p").get();
    if (p.getStatus() == null || p.getStatus().phase != HibernatePhase.Active || p.getStatus().history.isEmpty()
        || p.getStatus().history.get(0).activeAt == null) {
      return false;
    }
    ConfigMap cm = h.client.configMaps().inNamespace(ns).withName("p-hibernate-data").get();
    return cm != null && marks(cm) == 0;
  }

  private static long marks(ConfigMap cm) {
    var a = cm.getMetadata().getAnnotations();
    return a == null ? 0 : a.entrySet().stream()
        .filter(e -> e.getKey().startsWith(Labels.RESTORED_MARK_PREFIX) && e.getValue() != null).count();
  }

  /** The namespace's objects (NodePools are cluster-wide: compared one by one). */
  private static Map<String, Object> namespaceState(Harness h, String ns) {
    Map<String, Object> state = Hibernation.state(h.client, ns);
    state.keySet().removeIf(k -> k.startsWith("nodepool/"));
    return state;
  }

  private static String poolLimits(Harness h, String pool) {
    return Hibernation.state(h.client, "none").get("nodepool/" + pool).toString();
  }

  private static void assertEndState(Harness h, String ns, Map<String, Object> before, String pool, String poolBefore) {
    assertEquals(before, namespaceState(h, ns), "every object of the namespace as before");
    assertEquals(poolBefore, poolLimits(h, pool), "the NodePool's limits as before");
    HibernatePlan p = h.client.resources(HibernatePlan.class).inNamespace(ns).withName("p").get();
    assertEquals(1, p.getStatus().history.size(), "one cycle: no second shutdown");
    ConfigMap cm = h.client.configMaps().inNamespace(ns).withName("p-hibernate-data").get();
    for (String target : List.of("apps", "jobs", "nodes")) {
      assertTrue(cm.getData().get(target) != null && cm.getData().get(target).contains("\"isLive\":true"),
          target + ": " + cm.getData());
      assertTrue(cm.getData().get(target + ".pending") == null, target + " has no pending capture: " + cm.getData());
    }
    assertEquals(0, marks(cm));
  }
}
