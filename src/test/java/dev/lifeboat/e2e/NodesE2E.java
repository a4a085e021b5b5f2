package dev.lifeboat.e2e;

import dev.lifeboat.support.Owners;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.sandbox.Sandbox;
import dev.lifeboat.sandbox.SandboxNodes;
import dev.lifeboat.sandbox.SandboxPaths;
import dev.lifeboat.sandbox.SandboxPvcs;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.RealTools;
import dev.lifeboat.support.Trees;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A three-node sandbox, where a ReadWriteOnce volume is attached to one node at a time (K8up's most reported
 * failure): the backup of a claim an application uses on node-2 runs on node-2; a second application on node-3 that
 * wants the claim waits with the Multi-Attach Event; a restore with --stop puts back exactly what was backed up; a
 * ReadWriteOncePod claim in use fails its backup at once, saying why; a Job pod no node can take fails its run at the
 * start timeout with the scheduler's reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodesE2E {
  private static final String NS = "default";
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  @TempDir
  static Path tmp;
  private Sandbox sandbox;
  private KubernetesClient client;
  private String kubeconfig;

  @BeforeAll
  void start() throws Exception {
    RealTools.requireRestic();
    sandbox = Sandbox.start(new SandboxPaths(tmp.resolve("sandbox")), 0, null, true, Map.of(), 3);
    Owners.requireIsolation();
    // Its data has several owners (Trees): only a privileged mover reads and restores them all.
    Owners.allowPrivilegedMovers(sandbox.client(), "default");
    client = sandbox.client();
    kubeconfig = sandbox.paths().kubeconfig().toString();
    Files.writeString(tmp.resolve("password"), "nodes-e2e-password\n");
    Cli.Result repo = lifeboat("repository", "create", "repo", "--url", "local:" + tmp.resolve("restic-repo"),
        "--password-file", tmp.resolve("password").toString(), "--wait", "--timeout", "3m");
    assertEquals(0, repo.exitCode(), repo.all());
  }

  @AfterAll
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private Cli.Result lifeboat(String... args) {
    return Cli.against(kubeconfig, args);
  }

  @Test
  void theSandboxHasNodesThatKubectlWouldShow() {
    var nodes = client.nodes().list().getItems();
    assertEquals(List.of("node-1", "node-2", "node-3"), nodes.stream().map(n -> n.getMetadata().getName()).sorted().toList());
    nodes.forEach(n -> {
      assertEquals(n.getMetadata().getName(), n.getMetadata().getLabels().get(SandboxNodes.HOSTNAME));
      assertTrue(n.getMetadata().getLabels().get(SandboxNodes.ZONE).startsWith("sandbox-"));
      assertTrue(n.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
    });
  }

  @Test
  void aBackupRunsWhereItsClaimIsAttachedAndARestoreWithStopPutsItBack() throws Exception {
    Path source = tmp.resolve("source");
    Trees.generate(source, 200, 2L << 20, 21);
    Map<String, String> sums = Trees.checksums(source);
    SandboxPvcs.create(client, sandbox.paths(), NS, "data", source, Map.of(), SandboxPvcs.AccessMode.RWO, null);
    deployment("app", "data", "node-2");
    Pod app = awaitPod("app", p -> "Running".equals(p.getStatus().getPhase()));
    assertEquals("node-2", app.getSpec().getNodeName());

    Cli.Result backup = lifeboat("backup", "create", "b1", "--repository", "repo", "--pvc", "data", "--wait", "--timeout", "3m");
    assertEquals(0, backup.exitCode(), backup.all());
    List<Pod> backupPods = client.pods().inNamespace(NS).withLabel("job-name", "b1-backup").list().getItems();
    assertEquals(List.of("node-2"), backupPods.stream().map(p -> p.getSpec().getNodeName()).distinct().toList(),
        "the backup pod runs where the claim is attached");

    // Another application on node-3 that wants the claim waits, as it would in a cluster.
    deployment("intruder", "data", "node-3");
    Pod intruder = awaitPod("intruder", p -> p.getSpec().getNodeName() != null);
    assertEquals("Pending", intruder.getStatus().getPhase());
    Eventually.await(DEADLINE, "the Multi-Attach Event", () -> client.v1().events().inNamespace(NS).list().getItems().stream()
        .anyMatch(e -> "FailedAttachVolume".equals(e.getReason()) && intruder.getMetadata().getName()
            .equals(e.getInvolvedObject().getName()) && e.getMessage().startsWith("Multi-Attach error for volume")
            && e.getMessage().contains("Volume is already used by pod(s) " + app.getMetadata().getName())));
    client.apps().deployments().inNamespace(NS).withName("intruder").delete();
    Eventually.await(DEADLINE, "the intruder and its pods gone", () -> client.pods().inNamespace(NS)
        .withLabel("app", "intruder").list().getItems().isEmpty());

    // The data goes wrong; a restore that stops the application puts back what was backed up, anywhere.
    Path claim = sandbox.paths().pvc(NS, "data");
    try (var files = Files.walk(claim)) {
      files.filter(Files::isRegularFile).limit(50).toList().forEach(f -> f.toFile().delete());
    }
    Files.writeString(claim.resolve("garbage.txt"), "not in the backup");
    Cli.Result restore = lifeboat("restore", "create", "r1", "--from-backup", "b1", "--to-pvc", "data",
        "--stop", "deployment/app", "--wait", "--timeout", "3m");
    assertEquals(0, restore.exitCode(), restore.all());
    assertEquals(sums, Trees.checksums(claim), "the restored claim equals the source");
    awaitPod("app", p -> "Running".equals(p.getStatus().getPhase()) && "node-2".equals(p.getSpec().getNodeName()));
  }

  @Test
  void aReadWriteOncePodClaimInUseFailsItsBackupAtOnceNamingThePod() throws Exception {
    SandboxPvcs.create(client, sandbox.paths(), NS, "solo", null, Map.of(), SandboxPvcs.AccessMode.RWOP, null);
    deployment("solo-db", "solo", null);
    Pod db = awaitPod("solo-db", p -> "Running".equals(p.getStatus().getPhase()));
    long started = System.nanoTime();
    Cli.Result backup = lifeboat("backup", "create", "b-solo", "--repository", "repo", "--pvc", "solo", "--wait",
        "--timeout", "3m");
    assertEquals(1, backup.exitCode(), backup.all());
    assertTrue(backup.err().contains("PersistentVolumeClaim \"solo\" is ReadWriteOncePod and pod/"
        + db.getMetadata().getName() + " uses it"), backup.err());
    assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 60, "at once, not at a timeout");
    assertTrue(client.batch().v1().jobs().inNamespace(NS).withName("b-solo-backup").get() == null, "no Job that waits");
  }

  @Test
  void aJobPodNoNodeCanTakeFailsAtTheStartTimeoutWithTheSchedulersReason() throws Exception {
    // A local volume on node-3, and node-3 cordoned: the backup pod fits nowhere.
    SandboxPvcs.create(client, sandbox.paths(), NS, "pinned", null, Map.of(), SandboxPvcs.AccessMode.RWO, "node-3");
    client.nodes().withName("node-3").edit(n -> {
      n.getSpec().setUnschedulable(true);
      return n;
    });
    try {
      Cli.Result backup = lifeboat("backup", "create", "b-pinned", "--repository", "repo", "--pvc", "pinned",
          "--start-timeout", "15s", "--wait", "--timeout", "3m");
      assertEquals(1, backup.exitCode(), backup.all());
      // lifeboat put the pod where the volume lives (the PV's node affinity): the other two nodes do not match it.
      assertTrue(backup.err().contains("did not start within 15s (spec.startTimeout): FailedScheduling: 0/3 nodes are"
          + " available: 2 node(s) didn't match Pod's node affinity/selector, 1 node(s) were unschedulable."), backup.err());
      Backup failed = client.resources(Backup.class).inNamespace(NS).withName("b-pinned").get();
      assertEquals("Failed", String.valueOf(failed.getStatus().phase));
      Eventually.await(DEADLINE, "the Job that never started is gone",
          () -> client.batch().v1().jobs().inNamespace(NS).withName("b-pinned-backup").get() == null);
    } finally {
      client.nodes().withName("node-3").edit(n -> {
        n.getSpec().setUnschedulable(null);
        return n;
      });
    }
  }

  @Test
  void aRepositoryWhoseJobsSelectATaintedStorageNodeAndTolerateItsTaintRunsItsBackupsThere() throws Exception {
    client.nodes().withName("node-1").edit(n -> {
      n.getMetadata().getLabels().put("pool", "storage");
      n.getSpec().setTaints(List.of(new io.fabric8.kubernetes.api.model.TaintBuilder().withKey("storage")
          .withValue("true").withEffect("NoSchedule").build()));
      return n;
    });
    try {
      Cli.Result repo = lifeboat("repository", "create", "storage-repo", "--url", "local:" + tmp.resolve("storage-repo"),
          "--password-file", tmp.resolve("password").toString(), "--job-node-selector", "pool=storage",
          "--job-toleration", "storage=true:NoSchedule", "--wait", "--timeout", "3m");
      assertEquals(0, repo.exitCode(), repo.all());
      SandboxPvcs.create(client, sandbox.paths(), NS, "logs", null, Map.of(), SandboxPvcs.AccessMode.RWO, null);
      Files.writeString(sandbox.paths().pvc(NS, "logs").resolve("app.log"), "a line\n");
      Cli.Result backup = lifeboat("backup", "create", "b-storage", "--repository", "storage-repo", "--pvc", "logs",
          "--wait", "--timeout", "3m");
      assertEquals(0, backup.exitCode(), backup.all());
      Pod pod = client.pods().inNamespace(NS).withLabel("job-name", "b-storage-backup").list().getItems().get(0);
      assertEquals("node-1", pod.getSpec().getNodeName(), "the storage node, through its taint");
      assertEquals("storage", pod.getSpec().getTolerations().get(0).getKey());

      // Without the toleration nothing runs there, and the backup says so in the scheduler's words.
      Cli.Result untolerated = lifeboat("backup", "create", "b-untolerated", "--repository", "repo", "--pvc", "logs",
          "--job-node-selector", "pool=storage", "--start-timeout", "10s", "--wait", "--timeout", "3m");
      assertEquals(1, untolerated.exitCode(), untolerated.all());
      assertTrue(untolerated.err().contains("FailedScheduling: 0/3 nodes are available: 2 node(s) didn't match Pod's node"
          + " affinity/selector, 1 node(s) had untolerated taint {storage: true}."), untolerated.err());
    } finally {
      client.nodes().withName("node-1").edit(n -> {
        n.getMetadata().getLabels().remove("pool");
        n.getSpec().setTaints(null);
        return n;
      });
    }
  }

  @Test
  void aJobPodAQuotaRefusesFailsAtTheStartTimeoutWithTheQuotasWordsAndRunsWithLimits() throws Exception {
    // A namespace quota on memory limits: every pod must set one, and all of them together stay under 1Gi.
    client.resourceQuotas().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.ResourceQuotaBuilder()
        .withNewMetadata().withName("memory").endMetadata().withNewSpec()
        .addToHard("limits.memory", new io.fabric8.kubernetes.api.model.Quantity("1Gi")).endSpec().build()).create();
    try {
      SandboxPvcs.create(client, sandbox.paths(), NS, "quota-data", null, Map.of(), SandboxPvcs.AccessMode.RWO, null);
      Files.writeString(sandbox.paths().pvc(NS, "quota-data").resolve("a.txt"), "quota\n");
      Cli.Result refused = lifeboat("backup", "create", "b-quota", "--repository", "repo", "--pvc", "quota-data",
          "--start-timeout", "10s", "--wait", "--timeout", "3m");
      assertEquals(1, refused.exitCode(), refused.all());
      assertTrue(refused.err().contains("did not start within 10s (spec.startTimeout): FailedCreate: Error creating: pods"
          + " \"b-quota-backup-"), refused.err());
      assertTrue(refused.err().contains("is forbidden: failed quota: memory: must specify limits.memory for: "),
          refused.err());
      assertTrue(client.pods().inNamespace(NS).withLabel("job-name", "b-quota-backup").list().getItems().isEmpty(),
          "no pod was ever created");

      Cli.Result fits = lifeboat("backup", "create", "b-quota-limited", "--repository", "repo", "--pvc", "quota-data",
          "--job-memory", "256Mi", "--wait", "--timeout", "3m");
      assertEquals(0, fits.exitCode(), fits.all());
    } finally {
      client.resourceQuotas().inNamespace(NS).withName("memory").delete();
    }
  }

  @Test
  void lifeboatsJobPodsMeetTheRestrictedPodSecurityLevel() throws Exception {
    client.namespaces().withName(NS).edit(ns -> {
      ns.getMetadata().getLabels().put("pod-security.kubernetes.io/enforce", "restricted");
      return ns;
    });
    try {
      SandboxPvcs.create(client, sandbox.paths(), NS, "restricted-data", null, Map.of(), SandboxPvcs.AccessMode.RWO,
          null);
      Files.writeString(sandbox.paths().pvc(NS, "restricted-data").resolve("a.txt"), "restricted\n");
      // Every mover but the privileged one (which this namespace allows, and restricted refuses: OwnersE2E).
      Cli.Result backup = lifeboat("backup", "create", "b-restricted", "--repository", "repo", "--pvc",
          "restricted-data", "--run-as", "app", "--wait", "--timeout", "3m");
      assertEquals(0, backup.exitCode(), backup.all());
      // The level is enforced here: a pod that does not meet it is refused.
      var refused = org.junit.jupiter.api.Assertions.assertThrows(io.fabric8.kubernetes.client.KubernetesClientException.class,
          () -> client.pods().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
              .withName("rooted").endMetadata().withNewSpec().addNewContainer().withName("app").withImage("x")
              .endContainer().endSpec().build()).create());
      assertEquals(403, refused.getCode());
    } finally {
      client.namespaces().withName(NS).edit(ns -> {
        ns.getMetadata().getLabels().remove("pod-security.kubernetes.io/enforce");
        return ns;
      });
    }
  }

  private void deployment(String name, String claim, String node) {
    client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
        .withNewMetadata().withName(name).withNamespace(NS).endMetadata()
        .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
          .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
            .withNewSpec().withNodeSelector(node == null ? null : Map.of(SandboxNodes.HOSTNAME, node))
              .addNewContainer().withName("app").withImage("busybox").endContainer()
              .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName(claim)
                .endPersistentVolumeClaim().endVolume()
            .endSpec().endTemplate()
        .endSpec().build()).create();
  }

  private Pod awaitPod(String app, java.util.function.Predicate<Pod> condition) {
    Pod[] found = {null};
    Eventually.await(DEADLINE, "a pod of " + app, () -> {
      for (Pod p : client.pods().inNamespace(NS).withLabel("app", app).list().getItems()) {
        if (p.getStatus() != null && p.getMetadata().getDeletionTimestamp() == null && condition.test(p)) {
          found[0] = p;
          return true;
        }
      }
      return false;
    });
    return found[0];
  }
}
