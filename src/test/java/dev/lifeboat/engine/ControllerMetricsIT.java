package dev.lifeboat.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.support.CrashingWriter;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller's /metrics, /healthz and /readyz, scraped over HTTP: counters move during a
 * backup, the last-success gauge is set, and readiness flips when the leader Lease is lost.
 */
class ControllerMetricsIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir
  Path tmp;

  private HttpResponse<String> get(MetricsServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The value of one sample, or -1 when it is not there. */
  private static double sample(String metrics, String nameAndLabels) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(nameAndLabels) + " ([0-9.eE+-]+)$").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  @Test
  void aBackupMovesTheCountersAndSetsTheLastSuccessGauge() throws Exception {
    try (Harness h = new Harness(tmp, InstantPodExecutor.succeeding())) {
      KubernetesClient own = h.newClient();
      ControllerMetrics metrics = new ControllerMetrics();
      WatchController controller = h.controller(h.writer(own), own, 2).withMetrics(metrics);
      ControllerHealth health = new ControllerHealth(false, controller::cachesSynced, controller::notAlive);
      try (MetricsServer server = MetricsServer.start(0, metrics, health)) {
        assertEquals(503, get(server, "/readyz").statusCode(), "not ready before the caches are synced");
        assertEquals(200, get(server, "/healthz").statusCode());
        metrics.leading(true);
        controller.start();
        assertEquals(200, get(server, "/readyz").statusCode());

        Objects.boundPvc(h.client, "ns1", "data");
        Objects.repository(h.client, "ns1", "repo", "local:/tmp/none", "pw");
        Objects.backup(h.client, "ns1", "first", "repo", "data");
        Eventually.await(DEADLINE, "first Ready", () -> "Ready".equals(Objects.phase(h.client, "ns1", "first")));
        Eventually.await(DEADLINE, "the scrape shows the Ready Backup", () -> {
          try {
            return sample(get(server, "/metrics").body(), "lifeboat_objects{kind=\"Backup\",phase=\"Ready\"}") == 1;
          } catch (Exception e) {
            return false;
          }
        });
        String scrape = get(server, "/metrics").body();
        assertTrue(sample(scrape, "lifeboat_reconcile_total{kind=\"Backup\",result=\"ok\"}") >= 2, scrape);
        assertTrue(sample(scrape, "lifeboat_jobs_finished_total{outcome=\"succeeded\",purpose=\"backup\"}") == 1, scrape);
        double lastSuccess = sample(scrape,
            "lifeboat_backup_last_success_timestamp_seconds{namespace=\"ns1\",source=\"data\"}");
        assertTrue(Math.abs(lastSuccess - System.currentTimeMillis() / 1000.0) < 120, scrape);
        assertEquals(1, sample(scrape, "lifeboat_leader"), scrape);
        assertTrue(sample(scrape, "lifeboat_workqueue_depth") >= 0, scrape);
        assertTrue(scrape.contains("lifeboat_reconcile_duration_seconds_bucket{kind=\"Backup\""), scrape);

        double before = sample(scrape, "lifeboat_reconcile_total{kind=\"Backup\",result=\"ok\"}");
        Objects.backup(h.client, "ns1", "second", "repo", "data");
        Eventually.await(DEADLINE, "second Ready", () -> "Ready".equals(Objects.phase(h.client, "ns1", "second")));
        assertTrue(sample(get(server, "/metrics").body(), "lifeboat_reconcile_total{kind=\"Backup\",result=\"ok\"}")
            > before, "the counter moved");
      }
    }
  }

  /**
   * A worker that dies of an Error (here the test's stand-in for an OutOfMemoryError, thrown by the
   * writer after its first write) leaves a process with fewer workers than it should have: /healthz
   * fails, so that the kubelet restarts the pod.
   */
  @Test
  void aWorkerDeadOfAnErrorFailsTheLivenessProbe() throws Exception {
    try (Harness h = new Harness(tmp.resolve("dead"), InstantPodExecutor.succeeding())) {
      KubernetesClient own = h.newClient();
      ControllerMetrics metrics = new ControllerMetrics();
      WatchController controller = h.controller(new CrashingWriter(h.writer(own), 1), own, 2).withMetrics(metrics);
      ControllerHealth health = new ControllerHealth(false, controller::cachesSynced, controller::notAlive);
      try (MetricsServer server = MetricsServer.start(0, metrics, health)) {
        controller.start();
        assertEquals(200, get(server, "/healthz").statusCode(), "alive while every worker works");
        Objects.repository(h.client, "ns1", "repo", "local:/tmp/none", "pw");
        Eventually.await(DEADLINE, "/healthz fails once a worker died", () -> status(server, "/healthz") == 503);
        String body = get(server, "/healthz").body();
        assertTrue(body.contains("lifeboat-worker-") && body.contains("died") && body.contains("ProcessDeath"), body);
        assertEquals(503, get(server, "/readyz").statusCode(), "not ready either");
      } finally {
        controller.close();
      }
    }
  }

  /** A leader whose Lease is taken over stops being ready (it is about to exit: another replica acts). */
  @Test
  void readinessFlipsWhenTheLeaderLeaseIsLost() throws Exception {
    try (Harness h = new Harness(tmp.resolve("leader"), InstantPodExecutor.succeeding())) {
      KubernetesClient own = h.newClient();
      ControllerMetrics metrics = new ControllerMetrics();
      WatchController controller = h.controller(h.writer(own), own, 1).withMetrics(metrics);
      ControllerHealth health = new ControllerHealth(true, controller::cachesSynced, controller::notAlive);
      try (MetricsServer server = MetricsServer.start(0, metrics, health);
          LeaderElection election = LeaderElection.forController(own, "default", "me", controller, metrics, health,
              () -> { }, () -> { }, Duration.ofSeconds(3))) {
        election.start();
        Eventually.await(DEADLINE, "leading and ready", () -> health.leading() && status(server, "/readyz") == 200);
        // Another replica takes the Lease (as after a partition): this one fails to renew and must stop.
        // The leader renews it meanwhile: a read and a write may meet its renewal (409), then read again.
        Eventually.await(DEADLINE, "the Lease taken by another", () -> {
          Lease lease = h.client.leases().inNamespace("default").withName(LeaderElection.LEASE_NAME).get();
          lease.getSpec().setHolderIdentity("someone-else");
          lease.getSpec().setLeaseDurationSeconds(3600);
          lease.getSpec().setRenewTime(ZonedDateTime.now());
          try {
            h.client.leases().inNamespace("default").resource(lease).update();
            return true;
          } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            if (e.getCode() != 409) {
              throw e;
            }
            return false;
          }
        });
        Eventually.await(DEADLINE, "not ready after losing the Lease", () -> status(server, "/readyz") == 503);
        assertTrue(get(server, "/readyz").body().contains("lost the leader Lease"));
        assertEquals(0, sample(get(server, "/metrics").body(), "lifeboat_leader"));
      }
    }
  }

  private int status(MetricsServer server, String path) {
    try {
      return get(server, path).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }
}
