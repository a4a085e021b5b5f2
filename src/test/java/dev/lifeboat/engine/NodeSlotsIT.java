package dev.lifeboat.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Labels;
import dev.lifeboat.cluster.KubeApiWriter;
import dev.lifeboat.jobs.JobFactory;
import dev.lifeboat.jobs.JobSettings;
import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.lifecycle.ClaimPlacement;
import dev.lifeboat.sandbox.PodExecutor;
import dev.lifeboat.sandbox.SandboxApiServer;
import dev.lifeboat.sandbox.SandboxCluster;
import dev.lifeboat.sandbox.SandboxNodes;
import dev.lifeboat.sandbox.SandboxPaths;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-node limit end to end (sandbox, controller, backup pods of 1.5 s): three claims on local volumes of node-1
 * and two of node-2, at most one Job per node. node-1's backups run one after another, node-2's beside them; all end
 * Ready, and the waiting ones say which node holds them.
 */
class NodeSlotsIT {
  @Test
  void backupsOfClaimsPinnedToANodeTakeItsSlotsOneAtATime(@TempDir Path tmp) throws Exception {
    Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> peak = new ConcurrentHashMap<>();
    AtomicInteger peakOverall = new AtomicInteger();
    AtomicInteger overall = new AtomicInteger();
    PodExecutor pods = new InstantPodExecutor(job -> {
      if (!"backup".equals(job.getMetadata().getLabels().get(Labels.PURPOSE))) {
        return CompletableFuture.completedFuture(InstantPodExecutor.success(job));
      }
      String node = job.getMetadata().getAnnotations().get(JobSlots.PINNED_NODE);
      int now = running.computeIfAbsent(node, n -> new AtomicInteger()).incrementAndGet();
      peak.computeIfAbsent(node, n -> new AtomicInteger()).accumulateAndGet(now, Math::max);
      peakOverall.accumulateAndGet(overall.incrementAndGet(), Math::max);
      return CompletableFuture.supplyAsync(() -> {
        running.get(node).decrementAndGet();
        overall.decrementAndGet();
        return InstantPodExecutor.success(job);
      }, CompletableFuture.delayedExecutor(1500, TimeUnit.MILLISECONDS));
    });
    try (SandboxApiServer server = SandboxApiServer.start(tmp.resolve("api"), 0);
        KubernetesClient client = server.newClient();
        SandboxCluster cluster = SandboxCluster.start(client, new SandboxPaths(Files.createDirectories(tmp.resolve("pods"))),
            pods, Clock.systemUTC(), SandboxNodes.DEFAULT);
        WatchController controller = new WatchController(Kinds.reconcilers(), client, null,
            new KubeApiWriter(client, Clock.systemUTC()),
            new JobFactory(JobSettings.defaults().withMaxConcurrentJobs(0).withMaxConcurrentJobsPerNode(1)),
            Clock.systemUTC(), 4)) {
      Objects.repository(client, "default", "repo", "local:/tmp/none", "pw");
      String[] nodes = {"node-1", "node-1", "node-1", "node-2", "node-2"};
      for (int i = 0; i < nodes.length; i++) {
        localClaim(client, "data-" + i, nodes[i]);
      }
      Set<String> messages = ConcurrentHashMap.newKeySet();
      try (Watch watch = client.resources(Backup.class).inNamespace("default").watch(new Watcher<>() {
        @Override
        public void eventReceived(Action action, Backup b) {
          if (b.getStatus() != null && b.getStatus().message != null && b.getStatus().message.contains("slot")) {
            messages.add(b.getStatus().message);
          }
        }

        @Override
        public void onClose(WatcherException cause) {}
      })) {
        controller.start();
        Eventually.await(Duration.ofMinutes(1), "repository Ready",
            () -> "Ready".equals(Objects.repositoryPhase(client, "default", "repo")));
        for (int i = 0; i < nodes.length; i++) {
          Objects.backup(client, "default", "b-" + i, "repo", "data-" + i);
        }
        Eventually.await(Duration.ofMinutes(2), "every Backup Ready", () -> {
          for (int i = 0; i < nodes.length; i++) {
            if (!"Ready".equals(Objects.phase(client, "default", "b-" + i))) {
              return false;
            }
          }
          return true;
        });
      }
      assertEquals(1, peak.get("node-1").get(), "node-1's backups one at a time: " + peak);
      assertEquals(1, peak.get("node-2").get(), "node-2's too: " + peak);
      assertTrue(peakOverall.get() >= 2, "the nodes' slots are their own: node-2 ran beside node-1 (" + peakOverall + ")");
      assertTrue(messages.contains("waiting: 1 of 1 slots busy on node node-1"), messages.toString());
    }
  }

  /** A claim bound to a local volume of {@code node}: its backup can run there only, and it is known before it starts. */
  private static void localClaim(KubernetesClient client, String name, String node) {
    String volume = "pv-" + name;
    var pvc = client.persistentVolumeClaims().inNamespace("default").resource(new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName(name).endMetadata().withNewSpec().withAccessModes("ReadWriteOnce")
        .withVolumeName(volume).endSpec().build()).create();
    client.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName(volume).endMetadata()
        .withNewSpec().withAccessModes("ReadWriteOnce").withNewHostPath().withPath("/nonexistent/" + volume).endHostPath()
        .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
        .withKey(ClaimPlacement.HOSTNAME).withOperator("In").withValues(node).endMatchExpression().endNodeSelectorTerm()
        .endRequired().endNodeAffinity()
        .withNewClaimRef().withNamespace("default").withName(name).withUid(pvc.getMetadata().getUid()).endClaimRef()
        .endSpec().build()).create();
    pvc.setStatus(new PersistentVolumeClaimStatusBuilder().withPhase("Bound").build());
    client.persistentVolumeClaims().inNamespace("default").resource(pvc).updateStatus();
  }
}
