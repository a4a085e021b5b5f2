package dev.lifeboat.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.sandbox.SandboxApiServer;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.FaultyProxy;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code lifeboat reconcile --watch}, the real process, started through a proxy that fails requests
 * from the very first one on (the first 6 answered 500, then 20% answered 500 or 409, every
 * connection cut after 1–8 s): it must get through its start and reconcile, never exit. A 403 on the
 * first list, which no retry mends, ends it at once with a message that says so.
 */
class StartupUnderFaultsIT {
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  @TempDir
  static Path tmp;
  private static Harness h;

  @BeforeAll
  static void sandbox() {
    h = new Harness(tmp.resolve("sandbox"), InstantPodExecutor.succeeding());
  }

  @AfterAll
  static void close() throws Exception {
    h.close();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void aControllerStartedUnderFaultsStartsAndWorks(long seed) throws Exception {
    String ns = "startup-" + seed;
    try (FaultyProxy proxy = new FaultyProxy(h.server.port(), 0.2, seed).failFirst(6)) {
      Path log = tmp.resolve(ns + ".log");
      Process controller = start(proxy, ns, log);
      try {
        Objects.repository(h.client, ns, "repo", "local:/tmp/none", "pw");
        Objects.boundPvc(h.client, ns, "data");
        Objects.backup(h.client, ns, "b", "repo", "data");
        try {
          Eventually.await(DEADLINE, "the Backup Ready, reconciled by the controller started under faults", () -> {
            assertTrue(controller.isAlive(), "the controller exited (" + exit(controller) + "): " + read(log));
            return "Ready".equals(Objects.phase(h.client, ns, "b"));
          });
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + "; repository " + Objects.repositoryPhase(h.client, ns, "repo")
              + ", backup " + Objects.phase(h.client, ns, "b") + "; the controller's log:\n" + read(log), e);
        }
        assertTrue(proxy.faults.get() >= 6, "faults were injected: " + proxy.faults.get());
        assertTrue(controller.isAlive(), read(log));
      } finally {
        controller.destroy();
        controller.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aForbiddenFirstListEndsTheStartWithAClearMessage() throws Exception {
    try (FaultyProxy proxy = new FaultyProxy(h.server.port(), 1.0, 7).answering(403)) {
      Path log = tmp.resolve("forbidden.log");
      Process controller = start(proxy, "forbidden", log);
      try {
        assertTrue(controller.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "still running: " + read(log));
        String output = read(log);
        assertEquals(5, controller.exitValue(), output);
        assertTrue(output.contains("403") || output.contains("forbidden") || output.contains("Forbidden"), output);
        assertFalse(output.contains("\tat "), "no stack trace for an RBAC refusal: " + output);
      } finally {
        controller.destroyForcibly();
      }
    }
  }

  @Test
  void onlyARefusalOfWhoWeAreStopsAFirstList() {
    assertFalse(WatchController.retryInformer(false, new KubernetesClientException("no", 403, null)));
    assertFalse(WatchController.retryInformer(false, new KubernetesClientException("who?", 401, null)));
    assertTrue(WatchController.retryInformer(false, new KubernetesClientException("busy", 500, null)));
    assertTrue(WatchController.retryInformer(false, new RuntimeException(new java.io.IOException("reset"))));
    assertTrue(WatchController.retryInformer(true, new KubernetesClientException("no", 403, null)),
        "a running controller keeps trying: its cache must not freeze while RBAC is being fixed");
  }

  private static Process start(FaultyProxy proxy, String ns, Path log) throws Exception {
    Path kubeconfig = tmp.resolve(ns + ".kubeconfig");
    SandboxApiServer.writeKubeconfig(kubeconfig, proxy.url(), "sandbox", ns);
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.lifeboat.Main",
        "--kubeconfig", kubeconfig.toString(), "reconcile", "--watch", "-n", ns);
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static String exit(Process p) {
    return p.isAlive() ? "running" : "exit " + p.exitValue();
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (java.io.IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
