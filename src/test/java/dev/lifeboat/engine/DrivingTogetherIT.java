package dev.lifeboat.engine;

import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.cluster.KubeApiWriter;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A controller and a command that drives the namespace itself ({@code --wait} with no controller
 * seen, or {@code reconcile --once} from cron) at the same time, on 20 Backups: the engine is
 * idempotent, so they converge, with exactly one Job per purpose and one pod per Job.
 */
class DrivingTogetherIT {
  @TempDir
  Path tmp;

  @Test
  void aControllerAndADrivingCommandTogetherMakeOneJobPerPurpose() throws Exception {
    InstantPodExecutor pods = InstantPodExecutor.succeeding();
    try (Harness h = new Harness(tmp, pods)) {
      String ns = "together";
      Objects.boundPvc(h.client, ns, "data");
      Objects.repository(h.client, ns, "repo", "local:/tmp/none", "pw");
      List<String> names = IntStream.range(0, 20).mapToObj(i -> "b" + i).toList();
      KubernetesClient controllerClient = h.newClient();
      h.controller(h.writer(controllerClient), controllerClient, 2).start();
      KubernetesClient cliClient = h.newClient();
      OncePass driver = new OncePass(Kinds.reconcilers(), cliClient, new KubeApiWriter(cliClient, Clock.systemUTC()), h.jobs(), Clock.systemUTC());
      AtomicBoolean done = new AtomicBoolean();
      java.util.concurrent.atomic.AtomicInteger conflicts = new java.util.concurrent.atomic.AtomicInteger();
      Thread driving = new Thread(() -> {
        while (!done.get()) {
          try {
            driver.run(ns);
          } catch (RuntimeException e) {
            conflicts.incrementAndGet(); // a write that met the controller's: the next pass decides again
          }
        }
      });
      driving.start();
      names.forEach(n -> Objects.backup(h.client, ns, n, "repo", "data"));
      Eventually.await(Duration.ofSeconds(60), "all 20 Backups Ready", () -> names.stream()
          .allMatch(n -> "Ready".equals(Objects.phase(h.client, ns, n))));
      done.set(true);
      driving.join();

      List<String> expectedJobs = new ArrayList<>(names.stream().map(n -> n + "-backup").toList());
      expectedJobs.add("repo-init-g1");
      expectedJobs.sort(null);
      assertEquals(expectedJobs, h.client.batch().v1().jobs().inNamespace(ns).list().getItems().stream()
          .map(j -> j.getMetadata().getName()).sorted().toList(), "exactly one Job per purpose");
      assertEquals(expectedJobs.size(), pods.podsStarted.size());
      assertEquals(Map.of(1, expectedJobs.size()), Map.of(1, (int) pods.podsStarted.values().stream().filter(c -> c == 1).count()),
          "each Job ran one pod: " + pods.podsStarted);
      System.out.println("driver passes that met a conflict: " + conflicts.get());
    }
  }
}
