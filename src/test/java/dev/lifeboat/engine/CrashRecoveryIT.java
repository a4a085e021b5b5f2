package dev.lifeboat.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops the controller right after its 1st, 2nd, 3rd, ... API write of a repository's and a
 * backup's whole lifecycle, starts a fresh one, and checks that every run ends exactly like an
 * uninterrupted one: both objects Ready, one Job per purpose, nothing left waiting.
 */
class CrashRecoveryIT {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  @TempDir
  Path tmp;

  /** Performs writes until the N-th, performs that one too, then acts dead: every later call throws. */
  public static final class CrashingWriter implements ApiWriter {
    private final ApiWriter real;
    private final int crashAfter;
    final AtomicInteger writes = new AtomicInteger();
    final AtomicBoolean crashed = new AtomicBoolean();
    final List<String> log = new ArrayList<>();

    public CrashingWriter(ApiWriter real, int crashAfter) {
      this.real = real;
      this.crashAfter = crashAfter;
    }

    private void before(String what) {
      if (crashed.get()) {
        throw new WatchController.CrashSignal("process is dead");
      }
      synchronized (log) {
        log.add(what);
      }
    }

    private void after() {
      if (writes.incrementAndGet() >= crashAfter) {
        crashed.set(true);
        throw new WatchController.CrashSignal("crash after write " + crashAfter);
      }
    }

    @Override
    public void createJob(Job job) {
      before("create Job " + job.getMetadata().getName());
      real.createJob(job);
      after();
    }

    @Override
    public void deleteJob(String namespace, String name) {
      before("delete Job " + name);
      real.deleteJob(namespace, name);
      after();
    }

    @Override
    public <T extends HasMetadata> T updateStatus(T resource) {
      before("status " + resource.getKind() + "/" + resource.getMetadata().getName());
      T updated = real.updateStatus(resource);
      after();
      return updated;
    }

    @Override
    public void recordEvent(HasMetadata involved, Action.RecordEvent event) {
      before("event " + event.reason());
      real.recordEvent(involved, event);
      after();
    }

    @Override
    public void acquireLock(String namespace, String lease, String holder, boolean takeOver) {
      before("lock " + lease);
      real.acquireLock(namespace, lease, holder, takeOver);
      after();
    }

    @Override
    public void releaseLock(String namespace, String lease, String holder) {
      before("unlock " + lease);
      real.releaseLock(namespace, lease, holder);
      after();
    }

    @Override
    public void saveReplicas(HasMetadata owner, String configMap, String workload, int replicas) {
      before("save " + workload);
      real.saveReplicas(owner, configMap, workload, replicas);
      after();
    }

    @Override
    public void scaleWorkload(String namespace, String workload, int replicas) {
      before("scale " + workload + " to " + replicas);
      real.scaleWorkload(namespace, workload, replicas);
      after();
    }

    @Override
    public void setFinalizer(HasMetadata object, String finalizer, boolean present) {
      before((present ? "add " : "remove ") + finalizer + " on " + object.getMetadata().getName());
      real.setFinalizer(object, finalizer, present);
      after();
    }
  }

  @Test
  void restartAfterAnyWriteConvergesToTheSameEndState() throws Exception {
    int uninterruptedWrites = -1;
    for (int crashAfter = 1; crashAfter < 40; crashAfter++) {
      String ns = "crash-" + crashAfter;
      try (Harness h = new Harness(tmp.resolve(ns), InstantPodExecutor.succeeding())) {
        KubernetesClient first = h.newClient();
        CrashingWriter crashing = new CrashingWriter(h.writer(first), crashAfter);
        WatchController doomed = h.controller(crashing, first, 1);
        doomed.start();
        Objects.boundPvc(h.client, ns, "data");
        Objects.repository(h.client, ns, "repo", "local:/tmp/none", "pw");
        Objects.backup(h.client, ns, "b1", "repo", "data");
        Eventually.await(DEADLINE, "a crash or the end state", () -> crashing.crashed.get()
            || ("Ready".equals(Objects.phase(h.client, ns, "b1")) && doomed.isIdle()));
        doomed.close();
        if (!crashing.crashed.get()) {
          uninterruptedWrites = crashing.writes.get();
          assertEndState(h, ns);
          break; // the whole lifecycle fits in fewer writes than crashAfter: every crash point is covered
        }
        KubernetesClient second = h.newClient();
        h.controller(h.writer(second), second, 1).start();
        Eventually.await(DEADLINE, "end state after a crash following write " + crashAfter + " " + crashing.log,
            () -> "Ready".equals(Objects.phase(h.client, ns, "b1")));
        assertEndState(h, ns);
      }
    }
    System.out.println("uninterrupted lifecycle: " + uninterruptedWrites + " writes");
    assertTrue(uninterruptedWrites >= 5, "the lifecycle takes several writes, saw " + uninterruptedWrites);
  }

  private static void assertEndState(Harness h, String ns) {
    assertEquals("Ready", Objects.repositoryPhase(h.client, ns, "repo"));
    Backup b = h.client.resources(Backup.class).inNamespace(ns).withName("b1").get();
    assertEquals("Ready", String.valueOf(b.getStatus().phase));
    assertNotNull(b.getStatus().snapshotId);
    List<String> jobs = h.client.batch().v1().jobs().inNamespace(ns).list().getItems().stream()
        .map(j -> j.getMetadata().getName()).sorted().toList();
    assertEquals(List.of("b1-backup", "repo-init-g1"), jobs, "exactly one Job per purpose");
  }
}
