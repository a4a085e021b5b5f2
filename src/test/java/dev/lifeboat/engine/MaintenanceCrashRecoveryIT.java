package dev.lifeboat.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.MaintenanceTask;
import dev.lifeboat.api.Repository;
import dev.lifeboat.lifecycle.Conditions;
import dev.lifeboat.lifecycle.repository.Maintenance;
import dev.lifeboat.support.CrashingWriter;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A controller killed after each write of a check followed by a prune (both requested), and a new one
 * started: the same end state as an uninterrupted run — each task ran exactly one Job with one pod,
 * both recorded as served, nothing left running.
 */
class MaintenanceCrashRecoveryIT {
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir
  Path tmp;

  @Test
  void restartAfterAnyWriteOfACheckAndAPruneConvergesToTheSameEndState() throws Exception {
    int uninterruptedWrites = -1;
    for (int crashAfter = 1; crashAfter < 60; crashAfter++) {
      String ns = "maint-" + crashAfter;
      InstantPodExecutor pods = InstantPodExecutor.succeeding();
      try (Harness h = new Harness(tmp.resolve(ns), pods)) {
        KubernetesClient first = h.newClient();
        CrashingWriter crashing = new CrashingWriter(h.writer(first), crashAfter);
        WatchController doomed = h.controller(crashing, first, 1);
        doomed.start();
        Objects.repository(h.client, ns, "repo", "local:/tmp/none", "pw");
        h.client.resources(Repository.class).inNamespace(ns).withName("repo").patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"lifeboat.dev/request-check\":\"c1\",\"lifeboat.dev/request-prune\":\"p1\"}}}");
        Eventually.await(DEADLINE, "a crash or the end state", () -> crashing.crashed.get()
            || (served(h, ns) && doomed.isIdle()));
        doomed.close();
        if (!crashing.crashed.get()) {
          uninterruptedWrites = crashing.writes.get();
          assertEndState(h, ns, pods);
          break;
        }
        KubernetesClient second = h.newClient();
        h.controller(h.writer(second), second, 1).start();
        Eventually.await(DEADLINE, "end state after a crash following write " + crashAfter + " " + crashing.log,
            () -> served(h, ns));
        assertEndState(h, ns, pods);
      }
    }
    System.out.println("uninterrupted init + check + prune: " + uninterruptedWrites + " writes");
    assertTrue(uninterruptedWrites > 0, "the loop reached an uninterrupted run");
  }

  private static boolean served(Harness h, String ns) {
    Repository r = h.client.resources(Repository.class).inNamespace(ns).withName("repo").get();
    if (r == null || r.getStatus() == null || r.getStatus().running != null) {
      return false;
    }
    var check = r.getStatus().find(MaintenanceTask.check);
    var prune = r.getStatus().find(MaintenanceTask.prune);
    return check != null && "c1".equals(check.lastRequest) && prune != null && "p1".equals(prune.lastRequest);
  }

  private static void assertEndState(Harness h, String ns, InstantPodExecutor pods) {
    Repository r = h.client.resources(Repository.class).inNamespace(ns).withName("repo").get();
    assertNull(r.getStatus().running);
    assertEquals("Succeeded", r.getStatus().find(MaintenanceTask.check).result);
    assertEquals("Succeeded", r.getStatus().find(MaintenanceTask.prune).result);
    assertEquals("True", Conditions.find(r.getStatus().conditions, Conditions.HEALTHY).getStatus());
    String check = Maintenance.jobName("repo", MaintenanceTask.check, "request c1");
    String prune = Maintenance.jobName("repo", MaintenanceTask.prune, "request p1");
    List<String> jobs = h.client.batch().v1().jobs().inNamespace(ns).list().getItems().stream()
        .map(j -> j.getMetadata().getName()).sorted().toList();
    assertEquals(List.of(check, prune, "repo-init-g1").stream().sorted().toList(), jobs, "exactly one Job per run");
    assertEquals(Map.of(check, 1, prune, 1, "repo-init-g1", 1), Map.copyOf(pods.podsStarted), "each Job ran one pod");
  }
}
