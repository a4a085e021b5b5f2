package dev.lifeboat.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  /**
   * A leader that dies (stops renewing without releasing: its process and connections gone): the
   * other takes over once the Lease expires, and finishes work the dead one had started.
   */
  @Test
  void aLeaderThatDiesIsReplacedWhenItsLeaseExpires() throws Exception {
    try (Harness h = new Harness(tmp.resolve("dies"), InstantPodExecutor.succeeding())) {
      java.util.List<String> leaders = new java.util.concurrent.CopyOnWriteArrayList<>();
      KubernetesClient clientA = h.server.newClient();
      KubernetesClient clientB = h.newClient();
      // A's controller never finishes a backup: its writer dies after creating the first Job.
      dev.lifeboat.support.CrashingWriter dyingWriter = new dev.lifeboat.support.CrashingWriter(h.writer(clientA), 2);
      WatchController a = h.controller(dyingWriter, clientA, 1);
      WatchController b = h.controller(h.writer(clientB), clientB, 1);
      LeaderElection electionA = new LeaderElection(clientA, "default", "a", () -> {
        leaders.add("a");
        a.start();
      }, () -> leaders.add("a stopped"), java.time.Duration.ofSeconds(3));
      electionA.start();
      Eventually.await(DEADLINE, "a leads", () -> leaders.contains("a"));
      LeaderElection electionB = new LeaderElection(clientB, "default", "b", () -> {
        leaders.add("b");
        b.start();
      }, () -> leaders.add("b stopped"), java.time.Duration.ofSeconds(3));
      electionB.start();

      Objects.boundPvc(h.client, "ns2", "data");
      Objects.repository(h.client, "ns2", "repo", "local:/tmp/none", "pw");
      Objects.backup(h.client, "ns2", "orphan", "repo", "data");
      Eventually.await(DEADLINE, "a died mid-work", dyingWriter.crashed::get);
      // The process dies: no release, no more renewals, its connections gone.
      a.close();
      clientA.close();
      Eventually.await(DEADLINE, "b took over after the lease expired", () -> leaders.contains("b"));
      assertEquals("b", lease(h).getSpec().getHolderIdentity());
      Eventually.await(DEADLINE, "the backup a started is finished by b",
          () -> "Ready".equals(Objects.phase(h.client, "ns2", "orphan")));
      assertTrue(b.reconcileCount() > 0, "b did the work");
      assertEquals(1L, h.client.batch().v1().jobs().inNamespace("ns2").withLabel("lifeboat.dev/purpose", "backup")
          .list().getItems().size(), "one backup Job, not one per leader");
      electionB.close();
      electionA.close();
    }
  }

  private static Lease lease(Harness h) {
    return h.client.leases().inNamespace("default").withName(LeaderElection.LEASE_NAME).get();
  }
}
