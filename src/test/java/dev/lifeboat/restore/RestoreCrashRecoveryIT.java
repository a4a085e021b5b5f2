package dev.lifeboat.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.PruneMode;
import dev.lifeboat.api.RestoreSpec;
import dev.lifeboat.support.CrashingWriter;
import dev.lifeboat.engine.WatchController;
import dev.lifeboat.sandbox.PodExecutor.PodResult;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stops the controller right after its 1st, 2nd, 3rd, ... write of a whole restore (the normal
 * path, the prune-after-failure path and the abort path), starts a fresh one, and checks that the
 * end equals an uninterrupted run: the expected phase, exactly one Job per purpose, the lock free,
 * every workload back at its original replicas (3 and 1), no in-use finalizer left.
 */
class RestoreCrashRecoveryIT {
  private static final Duration DEADLINE = Duration.ofSeconds(40);
  private static final String NS = "shop";
  @TempDir
  Path tmp;

  enum Path_ {
    COMPLETED("Completed", List.of("ok-restore"), s -> {}),
    PRUNED("PruneComplete", List.of("fails-prune", "fails-restore"), s -> s.prune = PruneMode.AfterFailed),
    ABORTED("Aborted", List.of(), s -> {});

    final String endPhase;
    final List<String> restoreJobs;
    final Consumer<RestoreSpec> spec;

    Path_(String endPhase, List<String> restoreJobs, Consumer<RestoreSpec> spec) {
      this.endPhase = endPhase;
      this.restoreJobs = restoreJobs;
      this.spec = spec;
    }

    String restoreName() {
      return switch (this) {
        case COMPLETED -> "ok";
        case PRUNED -> "fails";
        case ABORTED -> "hangs";
      };
    }
  }

  private static InstantPodExecutor executor() {
    return new InstantPodExecutor(job -> {
      String name = job.getMetadata().getName();
      if (name.equals("fails-restore")) {
        return CompletableFuture.completedFuture(InstantPodExecutor.failure("Fatal: snapshot not found"));
      }
      if (name.equals("hangs-restore")) {
        return new CompletableFuture<PodResult>();
      }
      return CompletableFuture.completedFuture(InstantPodExecutor.success(job));
    });
  }

  @ParameterizedTest
  @EnumSource(Path_.class)
  void restartAfterAnyWriteEndsLikeAnUninterruptedRun(Path_ path) throws Exception {
    int uninterrupted = -1;
    for (int crashAfter = 1; crashAfter < 60; crashAfter++) {
      try (Harness h = new Harness(tmp.resolve(path + "-" + crashAfter), executor())) {
        // Preparation by a controller that does not crash: a Ready backup, applications at 3 and 1.
        KubernetesClient prepClient = h.newClient();
        WatchController prep = h.controller(h.writer(prepClient), prepClient, 1);
        prep.start();
        Objects.boundPvc(h.client, NS, "a");
        Objects.boundPvc(h.client, NS, "b");
        Objects.repository(h.client, NS, "repo", "local:/tmp/none", "pw");
        Objects.deployment(h.client, NS, "api", 3);
        Objects.statefulSet(h.client, NS, "db", 1);
        Objects.backup(h.client, NS, "b1", "repo", "a");
        Eventually.await(DEADLINE, "backup Ready", () -> "Ready".equals(Objects.phase(h.client, NS, "b1")));
        Eventually.await(DEADLINE, "prep idle", prep::isIdle);
        prep.close();

        KubernetesClient first = h.newClient();
        CrashingWriter crashing = new CrashingWriter(h.writer(first), crashAfter);
        WatchController doomed = h.controller(crashing, first, 1);
        doomed.start();
        String name = path.restoreName();
        Objects.restore(h.client, NS, name, "b1", "b", path.spec);
        if (path == Path_.ABORTED) {
          Eventually.await(DEADLINE, "running or crashed", () -> crashing.crashed.get()
              || "Running".equals(Objects.restorePhase(h.client, NS, name)));
          h.client.resources(dev.lifeboat.api.Restore.class).inNamespace(NS).withName(name)
              .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"abort\":true}}");
        }
        Eventually.await(DEADLINE, "a crash or the end", () -> crashing.crashed.get()
            || (path.endPhase.equals(Objects.restorePhase(h.client, NS, name)) && doomed.isIdle()));
        doomed.close();
        boolean crashed = crashing.crashed.get();
        if (crashed) {
          KubernetesClient second = h.newClient();
          h.controller(h.writer(second), second, 1).start();
          Eventually.await(DEADLINE, path.endPhase + " after a crash following write " + crashAfter + " " + crashing.log,
              () -> path.endPhase.equals(Objects.restorePhase(h.client, NS, name)));
        } else {
          uninterrupted = crashing.writes.get();
        }
        assertEndState(h, path);
        if (!crashed) {
          break;
        }
      }
    }
    System.out.println(path + ": uninterrupted restore took " + uninterrupted + " writes");
    assertTrue(uninterrupted >= 8, "a restore takes many writes; saw " + uninterrupted);
  }

  private static void assertEndState(Harness h, Path_ path) {
    Eventually.await(DEADLINE, "applications back at 3 and 1", () -> Objects.replicas(h.client, NS, "deployment/api") == 3
        && Objects.replicas(h.client, NS, "statefulset/db") == 1);
    String holder = Objects.lockHolder(h.client, NS, "b");
    assertTrue(holder == null || holder.isEmpty(), "lock held by " + holder);
    var finalizers = h.client.persistentVolumeClaims().inNamespace(NS).withName("b").get().getMetadata().getFinalizers();
    assertTrue(finalizers == null || finalizers.isEmpty(), "finalizers left on the PVC: " + finalizers);
    List<String> restoreJobs = h.client.batch().v1().jobs().inNamespace(NS).withLabel("lifeboat.dev/owner-kind", "Restore")
        .list().getItems().stream().map(j -> j.getMetadata().getName()).sorted().toList();
    assertEquals(path.restoreJobs, restoreJobs, "exactly one Job per purpose (an aborted restore's Job is deleted)");
  }
}
