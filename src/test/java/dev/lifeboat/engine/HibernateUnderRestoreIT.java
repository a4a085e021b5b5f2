package dev.lifeboat.engine;

import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.cluster.ResourceKey;
import dev.lifeboat.cluster.KubeApiWriter;
import dev.lifeboat.cluster.LiveView;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lifeboat.api.HibernatePhase;
import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Restore;
import dev.lifeboat.api.RestorePhase;
import dev.lifeboat.api.RestoreStatus;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.Hibernation;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan whose workload an unfinished Restore stops and starts waits, naming the Restore, and
 * touches it only once the Restore is over (one reconcile at a time, read from the server).
 */
class HibernateUnderRestoreIT {
  @TempDir
  Path tmp;

  @Test
  void aWorkloadUnderARestoreIsNotShutDownUntilTheRestoreEnds() throws Exception {
    try (Harness h = new Harness(tmp, InstantPodExecutor.succeeding())) {
      String ns = "locked";
      Objects.deployment(h.client, ns, "api", 2);
      Restore r = Objects.restore(h.client, ns, "r1", "nightly", "data", s -> { });
      r.setStatus(new RestoreStatus());
      r.getStatus().phase = RestorePhase.Stopping;
      h.client.resources(Restore.class).resource(r).updateStatus();
      HibernatePlan plan = Hibernation.plan(ns, "p", "UTC", List.of(),
          Hibernation.target("apps", "workloads", null, "deployment/api"));
      plan.getMetadata().getAnnotations().put(Labels.HIBERNATE, "now");
      h.client.resources(HibernatePlan.class).resource(plan).create();

      LiveView live = new LiveView(h.client);
      Engine engine = new Engine(Kinds.reconcilers(), live, live, new KubeApiWriter(h.client, Clock.systemUTC()), h.jobs(), Clock.systemUTC());
      for (int i = 0; i < 3; i++) {
        engine.reconcile(new ResourceKey("HibernatePlan", ns, "p"));
      }
      HibernatePlan waiting = h.client.resources(HibernatePlan.class).inNamespace(ns).withName("p").get();
      assertEquals(HibernatePhase.Hibernating, waiting.getStatus().phase);
      assertEquals("waits: deployment/api is being restored by Restore/" + ns + "/r1",
          waiting.getStatus().targets.get(0).message);
      assertEquals(2, Objects.replicas(h.client, ns, "deployment/api"));

      r = h.client.resources(Restore.class).inNamespace(ns).withName("r1").get();
      r.getStatus().phase = RestorePhase.Completed;
      h.client.resources(Restore.class).resource(r).updateStatus();
      engine.reconcile(new ResourceKey("HibernatePlan", ns, "p"));
      assertEquals(0, Objects.replicas(h.client, ns, "deployment/api"), "shut down once the restore is over");
    }
  }
}
