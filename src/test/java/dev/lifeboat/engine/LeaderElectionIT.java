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

  /**
   * A leader whose Lease is taken (a partition, a clock jump: another holder renewed it) turns not
   * ready on /readyz for good, its leader gauge drops to 0, and it asks the process to stop.
   */
  @Test
  void readinessFlipsWhenTheLeaseIsLost() throws Exception {
    try (Harness h = new Harness(tmp.resolve("lost"), InstantPodExecutor.succeeding())) {
      KubernetesClient client = h.newClient();
      WatchController controller = h.controller(h.writer(client), client, 1);
      ControllerMetrics metrics = new ControllerMetrics();
      ControllerHealth health = new ControllerHealth(true, controller::cachesSynced);
      java.util.concurrent.CountDownLatch exit = new java.util.concurrent.CountDownLatch(1);
      LeaderElection election = LeaderElection.forController(client, "default", "a", controller, metrics, health,
          () -> {}, exit::countDown, Duration.ofSeconds(3));
      try (MetricsServer server = MetricsServer.start(0, metrics, health)) {
        var http = java.net.http.HttpClient.newHttpClient();
        var readyz = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port()
            + "/readyz")).build();
        java.util.function.IntSupplier status = () -> {
          try {
            return http.send(readyz, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
          } catch (java.io.IOException e) {
            return -1;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
          }
        };
        java.util.function.Supplier<String> scrape = () -> {
          try {
            return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port()
                + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
          } catch (java.io.IOException e) {
            return e.toString();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
          }
        };
        election.start();
        Eventually.await(DEADLINE, "leading, caches synced, ready", () -> health.leading() && status.getAsInt() == 200);
        assertTrue(scrape.get().contains("lifeboat_leader 1.0"), scrape.get());

        // Someone else holds the Lease now, freshly renewed for a minute: "a" cannot renew.
        Lease stolen = lease(h);
        stolen.getSpec().setHolderIdentity("intruder");
        stolen.getSpec().setLeaseDurationSeconds(60);
        stolen.getSpec().setRenewTime(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
        h.client.leases().inNamespace("default").resource(stolen).update();

        Eventually.await(DEADLINE, "not ready once the Lease is lost", () -> status.getAsInt() == 503);
        assertTrue(exit.await(10, java.util.concurrent.TimeUnit.SECONDS), "the process is asked to stop");
        assertEquals("lost the leader Lease", health.notReady());
        assertTrue(scrape.get().contains("lifeboat_leader 0.0"), scrape.get());
        assertEquals(503, status.getAsInt(), "and it stays not ready");
      } finally {
        election.close();
        controller.close();
      }
    }
  }

  private static Lease lease(Harness h) {
    return h.client.leases().inNamespace("default").withName(LeaderElection.LEASE_NAME).get();
  }
}
