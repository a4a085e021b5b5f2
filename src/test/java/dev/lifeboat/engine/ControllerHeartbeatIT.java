package dev.lifeboat.engine;

import dev.lifeboat.kinds.Kinds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.InstantPodExecutor;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running controller is visible to the CLI through its heartbeat Lease, for the namespaces it reconciles, and only while it runs. */
class ControllerHeartbeatIT {
  @TempDir
  Path tmp;

  @Test
  void aControllerIsSeenWhereItReconcilesWhileItRuns() throws Exception {
    try (Harness h = new Harness(tmp, InstantPodExecutor.succeeding())) {
      assertFalse(ControllerHeartbeat.alive(h.client, "team-a", Instant.now()), "nothing runs yet");
      KubernetesClient own = h.newClient();
      try (WatchController scoped = new WatchController(Kinds.reconcilers(), own, "team-a", h.writer(own), h.jobs(), Clock.systemUTC(), 1)) {
        scoped.start();
        Eventually.await(Duration.ofSeconds(10), "the heartbeat", () -> ControllerHeartbeat.alive(h.client, "team-a", Instant.now()));
        assertFalse(ControllerHeartbeat.alive(h.client, "team-b", Instant.now()), "a namespaced controller covers its namespace only");
        assertFalse(ControllerHeartbeat.alive(h.client, "team-a", Instant.now().plus(Duration.ofMinutes(1))),
            "a heartbeat not renewed for 30 s counts as dead");
      }
      assertFalse(ControllerHeartbeat.alive(h.client, "team-a", Instant.now()), "a controller that stopped cleanly is gone");
      assertEquals(0, h.client.leases().inNamespace("team-a").list().getItems().size(), "its Lease is removed");
      KubernetesClient other = h.newClient();
      try (WatchController everywhere = new WatchController(Kinds.reconcilers(), other, null, h.writer(other), h.jobs(), Clock.systemUTC(), 1)) {
        everywhere.start();
        Eventually.await(Duration.ofSeconds(10), "the cluster-wide heartbeat",
            () -> ControllerHeartbeat.alive(h.client, "team-b", Instant.now()));
        assertTrue(ControllerHeartbeat.alive(h.client, "any-namespace", Instant.now()));
      }
    }
  }
}
