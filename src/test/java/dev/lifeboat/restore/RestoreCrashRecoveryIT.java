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
    // Counts include an Event for every phase change (3 of a restore's phases have no Event of their own).
    // Every restore runs its check Job first (snapshot, room), before any lock or stop: 4 writes more than without
    // (the Job, the Validating status and its Event, the status once the check passed).
    COMPLETED("Completed", List.of("ok-check", "ok-restore"), s -> {}, java.util.Map.of("ok-check", 1, "ok-restore", 1),
        23, 23),
    // The failing restore Job runs 1 + backoffLimit (2) pods; the prune Job one. 28 to 30: each failed attempt is
    // a status write when the controller sees it alone, one write for two when they land in one reconcile.
    PRUNED("PruneComplete", List.of("fails-check", "fails-prune", "fails-restore"), s -> s.prune = PruneMode.AfterFailed,
        java.util.Map.of("fails-check", 1, "fails-restore", 3, "fails-prune", 1), 28, 30),
    // 25 to 27: the abort lands before or after the controller has seen the restore Job's pod.
    ABORTED("Aborted", List.of("hangs-check"), s -> {}, java.util.Map.of("hangs-check", 1, "hangs-restore", 1), 25, 27);

    final String endPhase;
    final List<String> restoreJobs;
    final Consumer<RestoreSpec> spec;
    /** Pods per Job of an uninterrupted run. */
    final java.util.Map<String, Integer> pods;
    /** API writes of an uninterrupted run, measured and pinned (a range where timing decides). */
    final int writes;
    final int writesAtMost;

    Path_(String endPhase, List<String> restoreJobs, Consumer<RestoreSpec> spec, java.util.Map<String, Integer> pods,
        int writes, int writesAtMost) {
      this.writesAtMost = writesAtMost;
      this.pods = pods;
      this.endPhase = endPhase;
      this.restoreJobs = restoreJobs;
      this.spec = spec;
      this.writes = writes;
    }

    String restoreName() {
      return switch (this) {
        case COMPLETED -> "ok";
        case PRUNED -> "fails";
        case ABORTED -> "hangs";
      };
    }
  }

  /** The restore pod's view of the applications when it starts: they must be stopped by then. */
  private static InstantPodExecutor executor(Harness[] harness, java.util.Map<String, String> appsAtRestoreStart) {
    return new InstantPodExecutor(job -> {
      String name = job.getMetadata().getName();
      if (name.endsWith("-restore") && harness[0] != null) {
        appsAtRestoreStart.put(name, Objects.replicas(harness[0].client, NS, "deployment/api") + "/"
            + Objects.replicas(harness[0].client, NS, "statefulset/db"));
      }
      if (name.equals("fails-restore")) {
        return CompletableFuture.completedFuture(InstantPodExecutor.failure("Fatal: snapshot not found"));
      }
      if (name.equals("hangs-restore")) {
        return new CompletableFuture<PodResult>();
      }
      return CompletableFuture.completedFuture(InstantPodExecutor.success(job));
    });
  }

  /** Everything a restore leaves behind that must not depend on where a controller crashed. */
  record Outcome(String phase, List<String> history, java.util.Map<String, Integer> savedReplicas,
      List<String> restoreJobs, java.util.Map<String, Integer> podsPerJob, java.util.Map<String, String> appsAtRestoreStart,
      List<String> restoreFinalizers, List<String> pvcFinalizers, String lockHolder, String apps,
      java.util.Set<String> restoreDataKeys) {}

  private static final int REFERENCE = Integer.MAX_VALUE;

  @ParameterizedTest
  @EnumSource(Path_.class)
  void restartAfterAnyWriteEndsLikeAnUninterruptedRun(Path_ path) throws Exception {
    Outcome reference = null;
    int uninterrupted = -1;
    // The first run is never interrupted: its outcome is what every crashed-and-restarted run must equal.
    for (int crashAfter = REFERENCE; ; crashAfter = crashAfter == REFERENCE ? 1 : crashAfter + 1) {
      Harness[] harness = new Harness[1];
      java.util.Map<String, String> appsAtStart = new java.util.concurrent.ConcurrentHashMap<>();
      InstantPodExecutor pods = executor(harness, appsAtStart);
      try (Harness h = new Harness(tmp.resolve(path + "-" + (crashAfter == REFERENCE ? "reference" : crashAfter)), pods)) {
        harness[0] = h;
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
        WatchController after = null;
        if (path == Path_.ABORTED) {
          // The abort comes once the restore runs; if the doomed controller died before that, its successor
          // brings the restore there first (so every run aborts the same thing: a running restore).
          Eventually.await(DEADLINE, "running or crashed", () -> crashing.crashed.get()
              || "Running".equals(Objects.restorePhase(h.client, NS, name)));
          if (!"Running".equals(Objects.restorePhase(h.client, NS, name))) {
            after = restart(h);
            Eventually.await(DEADLINE, "running under the successor",
                () -> "Running".equals(Objects.restorePhase(h.client, NS, name)));
          }
          // ... and its pod has started: on a loaded machine the Job runner may lag behind the status.
          Eventually.await(DEADLINE, "the restore pod runs", () -> appsAtStart.containsKey(name + "-restore"));
          h.client.resources(dev.lifeboat.api.Restore.class).inNamespace(NS).withName(name)
              .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"abort\":true}}");
        }
        Eventually.await(DEADLINE, "a crash or the end", () -> crashing.crashed.get()
            || (path.endPhase.equals(Objects.restorePhase(h.client, NS, name)) && doomed.isIdle()));
        doomed.close();
        boolean crashed = crashing.crashed.get();
        if (crashed) {
          WatchController successor = after != null ? after : restart(h);
          Eventually.await(DEADLINE, path.endPhase + " after a crash following write " + crashAfter + " " + crashing.log,
              () -> path.endPhase.equals(Objects.restorePhase(h.client, NS, name)) && successor.isIdle(),
              () -> "restore: " + h.client.resources(dev.lifeboat.api.Restore.class).inNamespace(NS).withName(name).get()
                  .getStatus().message + "; jobs: " + h.client.batch().v1().jobs().inNamespace(NS).list().getItems().stream()
                  .map(j -> j.getMetadata().getName() + "=" + (j.getStatus() == null ? null : j.getStatus().getSucceeded()
                      + "/" + j.getStatus().getFailed())).toList() + "; pods: " + h.client.pods().inNamespace(NS).list()
                  .getItems().stream().map(p -> p.getMetadata().getName() + "=" + p.getStatus().getPhase() + "@"
                      + p.getSpec().getNodeName()).toList() + "; idle: " + successor.isIdle());
        }
        Outcome outcome = outcome(h, path, pods, appsAtStart);
        if (crashAfter == REFERENCE) {
          reference = outcome;
          uninterrupted = crashing.writes.get();
          assertReferenceIsRight(path, reference);
          continue;
        }
        assertEquals(reference, outcome, "crash after write " + crashAfter + " of " + path + ": " + crashing.log);
        if (!crashed) {
          break; // the whole restore fits in fewer writes than crashAfter: every crash point is covered
        }
      }
    }
    System.out.println(path + ": uninterrupted restore took " + uninterrupted + " writes");
    assertTrue(uninterrupted >= path.writes && uninterrupted <= path.writesAtMost, "writes of an uninterrupted " + path
        + " restore: " + uninterrupted + ", pinned at " + path.writes + ".." + path.writesAtMost + " (a change is worth a look)");
  }

  private static WatchController restart(Harness h) {
    KubernetesClient second = h.newClient();
    WatchController successor = h.controller(h.writer(second), second, 1);
    successor.start();
    return successor;
  }

  private static Outcome outcome(Harness h, Path_ path, InstantPodExecutor pods, java.util.Map<String, String> appsAtStart) {
    Eventually.await(DEADLINE, "applications back at 3 and 1", () -> Objects.replicas(h.client, NS, "deployment/api") == 3
        && Objects.replicas(h.client, NS, "statefulset/db") == 1);
    dev.lifeboat.api.Restore r = h.client.resources(dev.lifeboat.api.Restore.class).inNamespace(NS)
        .withName(path.restoreName()).get();
    var cm = h.client.configMaps().inNamespace(NS).withName(path.restoreName() + "-restore-data").get();
    List<String> restoreJobs = h.client.batch().v1().jobs().inNamespace(NS).withLabel("lifeboat.dev/owner-kind", "Restore")
        .list().getItems().stream().map(j -> j.getMetadata().getName()).sorted().toList();
    java.util.Map<String, Integer> restorePods = new java.util.TreeMap<>();
    pods.podsStarted.forEach((job, n) -> {
      if (job.startsWith(path.restoreName() + "-")) {
        restorePods.put(job, n);
      }
    });
    var pvcFinalizers = h.client.persistentVolumeClaims().inNamespace(NS).withName("b").get().getMetadata().getFinalizers();
    return new Outcome(String.valueOf(r.getStatus().phase),
        r.getStatus().history.stream().map(c -> String.valueOf(c.phase)).toList(),
        new java.util.TreeMap<>(r.getStatus().savedReplicas), restoreJobs, restorePods, new java.util.TreeMap<>(appsAtStart),
        r.getMetadata().getFinalizers() == null ? List.of() : r.getMetadata().getFinalizers(),
        pvcFinalizers == null ? List.of() : pvcFinalizers,
        String.valueOf(Objects.lockHolder(h.client, NS, "b")).replace("null", ""),
        Objects.replicas(h.client, NS, "deployment/api") + "/" + Objects.replicas(h.client, NS, "statefulset/db"),
        cm == null || cm.getData() == null ? java.util.Set.of() : new java.util.TreeSet<>(cm.getData().keySet()));
  }

  /** What the reference run must show, so that "equal to the reference" means "right". */
  private static void assertReferenceIsRight(Path_ path, Outcome o) {
    assertEquals(path.endPhase, o.phase());
    assertEquals(path.restoreJobs, o.restoreJobs(), "exactly one Job per purpose (an aborted restore's Job is deleted)");
    assertEquals(path.pods, o.podsPerJob(), "pods per Job (a Job deleted and run again would show here)");
    assertTrue(o.appsAtRestoreStart().values().stream().allMatch("0/0"::equals),
        "the restore ran with the applications stopped: " + o.appsAtRestoreStart());
    assertEquals(1, o.appsAtRestoreStart().size(), "the restore pod ran once: " + o.appsAtRestoreStart());
    assertEquals(java.util.Map.of("deployment/api", 3, "statefulset/db", 1), o.savedReplicas());
    assertEquals(java.util.Set.of("deployment.api", "statefulset.db"), o.restoreDataKeys());
    assertEquals("3/1", o.apps());
    assertEquals("", o.lockHolder(), "lock free");
    assertEquals(List.of(), o.restoreFinalizers());
    assertEquals(List.of(), o.pvcFinalizers());
  }


}
