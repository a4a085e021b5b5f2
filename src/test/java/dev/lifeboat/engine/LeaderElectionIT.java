package dev.lifeboat.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two controllers, one Lease: one reconciles; when it goes, the other takes over and finishes the work. */
class LeaderElectionIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  @TempDir
  Path tmp;

  @Test
  void onlyTheLeaderReconcilesAndTheOtherTakesOver() throws Exception {
    try (Harness h = new Harness(tmp, InstantPodExecutor.succeeding())) {
      AtomicInteger leading = new AtomicInteger();
      KubernetesClient clientA = h.newClient();
      KubernetesClient clientB = h.newClient();
      WatchController a = h.controller(h.writer(clientA), clientA, 1);
      WatchController b = h.controller(h.writer(clientB), clientB, 1);
      LeaderElection electionA = new LeaderElection(clientA, "default", "a", () -> {
        leading.incrementAndGet();
        a.start();
      }, a::close);
      electionA.start();
      Eventually.await(DEADLINE, "a leads", () -> leading.get() == 1);
      LeaderElection electionB = new LeaderElection(clientB, "default", "b", () -> {
        leading.incrementAndGet();
        b.start();
      }, b::close);
      electionB.start();

      Objects.boundPvc(h.client, "ns1", "data");
      Objects.repository(h.client, "ns1", "repo", "local:/tmp/none", "pw");
      Objects.backup(h.client, "ns1", "first", "repo", "data");
      Eventually.await(DEADLINE, "first Ready under a", () -> "Ready".equals(Objects.phase(h.client, "ns1", "first")));
      assertEquals(1, leading.get(), "b must not lead while a holds the lease");
      assertEquals("a", lease(h).getSpec().getHolderIdentity());
      assertEquals(0, b.reconcileCount(), "b reconciled nothing while not leading");

      electionA.close(); // releases the lease on cancel
      Eventually.await(DEADLINE, "b leads", () -> leading.get() == 2);
      Objects.backup(h.client, "ns1", "second", "repo", "data");
      Eventually.await(DEADLINE, "second Ready under b", () -> "Ready".equals(Objects.phase(h.client, "ns1", "second")));
      assertEquals("b", lease(h).getSpec().getHolderIdentity());
      assertEquals(2L, h.client.batch().v1().jobs().inNamespace("ns1").withLabel("lifeboat.dev/purpose", "backup")
          .list().getItems().size());
      electionB.close();
    }
  }

  private static Lease lease(Harness h) {
    return h.client.leases().inNamespace("default").withName(LeaderElection.LEASE_NAME).get();
  }
}
