package dev.lifeboat.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.MaintenanceTask;
import dev.lifeboat.api.Repository;
import dev.lifeboat.lifecycle.Conditions;
import dev.lifeboat.lifecycle.repository.Maintenance;
import dev.lifeboat.support.CrashLoop;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
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
  @TempDir
  Path tmp;

  @Test
  void restartAfterAnyWriteOfACheckAndAPruneConvergesToTheSameEndState() throws Exception {
    int uninterruptedWrites = CrashLoop.run(tmp, "maint-", 60, new CrashLoop.Drill() {
      @Override
      public void start(Harness h, String ns) {
        Objects.repository(h.client, ns, "repo", "local:/tmp/none", "pw");
        h.client.resources(Repository.class).inNamespace(ns).withName("repo").patch(PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"lifeboat.dev/request-check\":\"c1\",\"lifeboat.dev/request-prune\":\"p1\"}}}");
      }

      @Override
      public boolean done(Harness h, String ns) {
        return served(h, ns);
      }

      @Override
      public void assertEndState(Harness h, String ns, InstantPodExecutor pods) {
        MaintenanceCrashRecoveryIT.assertEndState(h, ns, pods);
      }
    });
    System.out.println("uninterrupted init + check + prune: " + uninterruptedWrites + " writes");
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
