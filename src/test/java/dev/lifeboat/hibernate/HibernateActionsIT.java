package dev.lifeboat.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.cluster.ApiWriter;
import dev.lifeboat.cluster.LiveView;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.Hibernation;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shutdown's order of writes against the API server: capture → pending → shut down → commit. A shutdown that fails
 * leaves the earlier committed restore point as it was (the new capture stays pending), so a wake-up still finds
 * the replicas the target had before anything was ever shut down.
 */
class HibernateActionsIT {
  @TempDir
  Path tmp;

  @Test
  void aFailedShutdownNeverCommitsItsCapture() throws Exception {
    try (Harness h = new Harness(tmp.resolve("sandbox"), InstantPodExecutor.succeeding())) {
      Objects.deployment(h.client, "dev", "web", 3);
      // Its controller writes its status until its pods run; a version-guarded scale before that is a conflict.
      awaitReady(h, 3);
      HibernatePlan plan = Hibernation.plan("dev", "nightly", "UTC", List.of(),
          Hibernation.target("web", "workloads", null, "deployment/web"));
      plan = h.client.resources(HibernatePlan.class).inNamespace("dev").resource(plan).create();
      LiveView live = new LiveView(h.client);
      ApiWriter writer = h.writer(h.client);
      Instant now = Instant.parse("2026-12-01T20:00:00Z");

      HibernateActions.perform(new Action.ShutdownTarget("web", "cycle-1"), plan, writer, live, now);
      assertEquals(0, Objects.replicas(h.client, "dev", "deployment/web"));
      assertTrue(HibernateData.read(live, plan).committed().get("web").data().contains("3"),
          HibernateData.read(live, plan).committed().toString());

      // Woken by hand to 2 (as a wake-up would have, more or less), then a shutdown whose scale-down fails.
      h.client.apps().deployments().inNamespace("dev").withName("web").scale(2);
      awaitReady(h, 2);
      ApiWriter failing = failingWorkloadPatches(writer);
      HibernatePlan current = plan;
      assertThrows(RuntimeException.class, () -> HibernateActions.perform(new Action.ShutdownTarget("web", "cycle-2"),
          current, failing, live, now.plusSeconds(86_400)));
      HibernateData.Stored stored = HibernateData.read(live, plan);
      assertTrue(stored.committed().get("web").data().contains("3") && "cycle-1".equals(stored.committed().get("web")
          .cycleId()), "the committed point is the one of the shutdown that succeeded: " + stored.committed());
      assertEquals("cycle-2", stored.pending().get("web").cycleId(), "the new capture waits, pending");
      assertEquals(2, Objects.replicas(h.client, "dev", "deployment/web"), "the failed shutdown changed nothing");
    }
  }

  private static void awaitReady(Harness h, int replicas) {
    dev.lifeboat.support.Eventually.await(java.time.Duration.ofSeconds(30), "deployment/web with " + replicas
        + " ready replicas", () -> {
          var status = h.client.apps().deployments().inNamespace("dev").withName("web").get().getStatus();
          return status != null && Integer.valueOf(replicas).equals(status.getReadyReplicas())
              && Integer.valueOf(replicas).equals(status.getReplicas());
        });
  }

  /** The writer, except that a merge patch of a Deployment fails (an admission webhook says no, say). */
  private static ApiWriter failingWorkloadPatches(ApiWriter writer) {
    return (ApiWriter) Proxy.newProxyInstance(ApiWriter.class.getClassLoader(), new Class<?>[] {ApiWriter.class},
        (proxy, method, args) -> {
          if (method.getName().equals("mergePatch") && args[0] instanceof HasMetadata object
              && "Deployment".equals(object.getKind())) {
            throw new TargetException("admission webhook denied the request");
          }
          try {
            return method.invoke(writer, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
