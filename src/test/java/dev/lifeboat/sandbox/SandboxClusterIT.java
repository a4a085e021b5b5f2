package dev.lifeboat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.InstantPodExecutor;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** What the sandbox plays of a cluster: storage provisioning, workload pods, scheduling of Job pods, field selectors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxClusterIT {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  @TempDir
  static Path tmp;
  private SandboxApiServer server;
  private KubernetesClient client;
  private SandboxCluster cluster;
  private SandboxPaths paths;

  @BeforeAll
  void start() {
    paths = new SandboxPaths(tmp.resolve("sandbox"));
    server = SandboxApiServer.start(tmp, 0);
    client = server.newClient();
    cluster = SandboxCluster.start(client, paths, InstantPodExecutor.succeeding(), Clock.systemUTC(), 3);
  }

  @AfterAll
  void stop() {
    cluster.close();
    client.close();
    server.close();
  }

  @Test
  void aClaimMadeThroughTheApiIsProvisionedAndItsVolumeReclaimedWhenItGoes() {
    client.persistentVolumeClaims().inNamespace("ns").resource(new PersistentVolumeClaimBuilder().withNewMetadata()
        .withName("made").endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
        .addToRequests("storage", new Quantity("2Gi")).endResources().endSpec().build()).create();
    Eventually.await(DEADLINE, "the claim Bound", () -> {
      PersistentVolumeClaim c = client.persistentVolumeClaims().inNamespace("ns").withName("made").get();
      return c.getStatus() != null && "Bound".equals(c.getStatus().getPhase()) && c.getSpec().getVolumeName() != null;
    });
    PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace("ns").withName("made").get();
    var volume = client.persistentVolumes().withName(claim.getSpec().getVolumeName()).get();
    assertEquals(claim.getMetadata().getUid(), volume.getSpec().getClaimRef().getUid());
    assertEquals(new Quantity("2Gi"), volume.getSpec().getCapacity().get("storage"));
    assertEquals(SandboxPvcs.STORAGE_CLASS, claim.getSpec().getStorageClassName(), "the default StorageClass");
    assertTrue(Files.isDirectory(paths.pvc("ns", "made")));

    client.persistentVolumeClaims().inNamespace("ns").withName("made").delete();
    Eventually.await(DEADLINE, "the volume and its folder reclaimed (policy Delete)",
        () -> client.persistentVolumes().withName(volume.getMetadata().getName()).get() == null
            && !Files.exists(paths.pvc("ns", "made")));
  }

  @Test
  void deploymentsAndStatefulSetsGetRealPodsThatFollowTheirReplicas() {
    client.apps().deployments().inNamespace("apps").resource(new DeploymentBuilder().withNewMetadata().withName("web")
        .endMetadata().withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer()
        .withName("web").withImage("nginx").endContainer().endSpec().endTemplate().endSpec().build()).create();
    Eventually.await(DEADLINE, "2 ready replicas", () -> Integer.valueOf(2).equals(
        client.apps().deployments().inNamespace("apps").withName("web").get().getStatus().getReadyReplicas()));
    List<Pod> pods = client.pods().inNamespace("apps").withLabel("app", "web").list().getItems();
    assertEquals(2, pods.size());
    for (Pod pod : pods) {
      assertEquals("Running", pod.getStatus().getPhase());
      assertTrue(pod.getSpec().getNodeName().startsWith("node-"), "placed on a node");
      var owner = pod.getMetadata().getOwnerReferences().get(0);
      assertEquals("ReplicaSet", owner.getKind());
      var rs = client.apps().replicaSets().inNamespace("apps").withName(owner.getName()).get();
      assertEquals("Deployment", rs.getMetadata().getOwnerReferences().get(0).getKind(), "pod -> ReplicaSet -> Deployment");
    }
    assertFalse(pods.get(0).getSpec().getNodeName().equals(pods.get(1).getSpec().getNodeName()), "spread over nodes");

    client.apps().statefulSets().inNamespace("apps").resource(new StatefulSetBuilder().withNewMetadata().withName("db")
        .endMetadata().withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "db").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "db").endMetadata().withNewSpec().addNewContainer()
        .withName("db").withImage("postgres").endContainer().endSpec().endTemplate()
        .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata().withNewSpec()
        .withAccessModes("ReadWriteOnce").endSpec().endVolumeClaimTemplate().endSpec().build()).create();
    Eventually.await(DEADLINE, "db-0 and db-1 running on their claims", () -> client.pods().inNamespace("apps")
        .withLabel("app", "db").list().getItems().stream().filter(p -> "Running".equals(p.getStatus().getPhase()))
        .map(p -> p.getMetadata().getName()).sorted().toList().equals(List.of("db-0", "db-1")));
    assertEquals("Bound", client.persistentVolumeClaims().inNamespace("apps").withName("data-db-1").get().getStatus().getPhase());

    client.apps().statefulSets().inNamespace("apps").withName("db").scale(1);
    Eventually.await(DEADLINE, "db-1 gone, its claim kept", () -> client.pods().inNamespace("apps").withName("db-1").get() == null
        && Integer.valueOf(1).equals(client.apps().statefulSets().inNamespace("apps").withName("db").get().getStatus().getReplicas()));
    assertTrue(client.persistentVolumeClaims().inNamespace("apps").withName("data-db-1").get() != null);
    client.apps().deployments().inNamespace("apps").withName("web").delete();
    Eventually.await(DEADLINE, "a deleted Deployment's ReplicaSet and pods go with it",
        () -> client.pods().inNamespace("apps").withLabel("app", "web").list().getItems().isEmpty());
  }

  @Test
  void aJobPodNoNodeCanTakeWaitsPendingSayingWhyAndRunsOnceOneCan() {
    cordonAll(true);
    try {
      jobWaitsThenRuns();
    } finally {
      cordonAll(false);
    }
  }

  private void cordonAll(boolean cordoned) {
    client.nodes().list().getItems().forEach(n -> client.nodes().withName(n.getMetadata().getName()).edit(node -> {
      node.getSpec().setUnschedulable(cordoned ? true : null);
      return node;
    }));
  }

  private void jobWaitsThenRuns() {
    client.batch().v1().jobs().inNamespace("jobs").resource(new JobBuilder().withNewMetadata().withName("j").endMetadata()
        .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer()
        .withRestartPolicy("Never").endSpec().endTemplate().endSpec().build()).create();
    Eventually.await(DEADLINE, "the FailedScheduling Event about the Job's pod, found by field selector", () -> {
      List<Pod> pods = client.pods().inNamespace("jobs").withLabel("job-name", "j").list().getItems();
      return pods.size() == 1 && client.v1().events().inNamespace("jobs")
          .withField("involvedObject.name", pods.get(0).getMetadata().getName()).list().getItems().stream()
          .anyMatch(e -> "FailedScheduling".equals(e.getReason())
              && e.getMessage().startsWith("0/3 nodes are available: 3 node(s) were unschedulable."));
    });
    Pod pending = client.pods().inNamespace("jobs").withLabel("job-name", "j").list().getItems().get(0);
    assertEquals("Pending", pending.getStatus().getPhase());
    assertTrue(pending.getStatus().getConditions().stream().anyMatch(c -> "PodScheduled".equals(c.getType())
        && "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason())));

    client.nodes().withName("node-2").edit(node -> {
      node.getSpec().setUnschedulable(null);
      return node;
    });
    Eventually.await(DEADLINE, "the Job runs once node-2 takes pods", () -> {
      var status = client.batch().v1().jobs().inNamespace("jobs").withName("j").get().getStatus();
      return status != null && Integer.valueOf(1).equals(status.getSucceeded());
    });
    assertEquals("node-2", client.pods().inNamespace("jobs").withName(pending.getMetadata().getName()).get().getSpec()
        .getNodeName());
  }

  @Test
  void aRestrictedNamespaceRefusesAPlainPodAndItsReplicaSetSaysSo() {
    client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
        .withName("strict").addToLabels("pod-security.kubernetes.io/enforce", "restricted").endMetadata().build())
        .create();
    client.apps().deployments().inNamespace("strict").resource(new DeploymentBuilder().withNewMetadata()
        .withName("rooted").endMetadata().withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "r")
        .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", "r").endMetadata().withNewSpec()
        .addNewContainer().withName("app").withImage("x").endContainer().endSpec().endTemplate().endSpec().build())
        .create();
    Eventually.await(DEADLINE, "a FailedCreate Warning on the ReplicaSet in the admission's words", () -> client.v1()
        .events().inNamespace("strict").list().getItems().stream().anyMatch(e -> "FailedCreate".equals(e.getReason())
            && "ReplicaSet".equals(e.getInvolvedObject().getKind())
            && e.getMessage().startsWith("Error creating: pods \"rooted-")
            && e.getMessage().contains("violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false")));
    assertTrue(client.pods().inNamespace("strict").list().getItems().isEmpty(), "no pod was created");
    var status = client.apps().deployments().inNamespace("strict").withName("rooted").get().getStatus();
    assertEquals(0, status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas(), "nothing ready");
  }

  @Test
  void aMergePatchsNullRemovesTheFieldAsRfc7386Says() {
    client.configMaps().inNamespace("api").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata()
        .withName("cm").endMetadata().addToData("keep", "1").addToData("drop", "2").build()).create();
    client.configMaps().inNamespace("api").withName("cm").patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
        io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), "{\"data\":{\"drop\":null}}");
    assertEquals(java.util.Map.of("keep", "1"), client.configMaps().inNamespace("api").withName("cm").get().getData());
  }

  @Test
  void ownedObjectsGoWithTheirOwnerUnlessOrphaned() {
    var owner = client.configMaps().inNamespace("gc").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata().withName("owner").endMetadata().build()).create();
    for (String name : List.of("owned", "grandchild-owner")) {
      client.configMaps().inNamespace("gc").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
          .withNewMetadata().withName(name).addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap")
          .withName("owner").withUid(owner.getMetadata().getUid()).endOwnerReference().endMetadata().build()).create();
    }
    var middle = client.configMaps().inNamespace("gc").withName("grandchild-owner").get();
    client.configMaps().inNamespace("gc").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata().withName("grandchild").addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap")
        .withName("grandchild-owner").withUid(middle.getMetadata().getUid()).endOwnerReference().endMetadata().build())
        .create();
    client.configMaps().inNamespace("gc").withName("owner").delete();
    Eventually.await(DEADLINE, "dependents, and theirs, deleted in the background", () -> client.configMaps()
        .inNamespace("gc").list().getItems().isEmpty());

    var kept = client.configMaps().inNamespace("gc").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata().withName("owner2").endMetadata().build()).create();
    client.configMaps().inNamespace("gc").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata().withName("orphan").addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap")
        .withName("owner2").withUid(kept.getMetadata().getUid()).endOwnerReference().endMetadata().build()).create();
    client.configMaps().inNamespace("gc").withName("owner2")
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.ORPHAN).delete();
    Eventually.await(DEADLINE, "the orphan kept, without its owner reference", () -> {
      var orphan = client.configMaps().inNamespace("gc").withName("orphan").get();
      return orphan != null && (orphan.getMetadata().getOwnerReferences() == null
          || orphan.getMetadata().getOwnerReferences().isEmpty());
    });
  }

  @Test
  void aStaleStatusUpdateIsAConflict() {
    var cm = client.configMaps().inNamespace("api").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata().withName("versioned").endMetadata().build()).create();
    // A PersistentVolume: nothing in the sandbox writes one after its creation.
    client.persistentVolumes().resource(new io.fabric8.kubernetes.api.model.PersistentVolumeBuilder().withNewMetadata()
        .withName("stale").endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").withNewHostPath().withPath("/x")
        .endHostPath().endSpec().build()).create();
    var seen = client.persistentVolumes().withName("stale").get();
    seen.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeStatusBuilder().withPhase("Available").build());
    client.persistentVolumes().resource(seen).updateStatus();
    var conflict = org.junit.jupiter.api.Assertions.assertThrows(io.fabric8.kubernetes.client.KubernetesClientException.class,
        () -> client.persistentVolumes().resource(seen).updateStatus(),
        "the same version twice: the second is stale");
    assertEquals(409, conflict.getCode());
    assertTrue(cm.getMetadata().getResourceVersion() != null);
    assertTrue(client.namespaces().withName("default").get() != null && client.namespaces().withName("kube-system")
        .get() != null, "the namespaces every cluster has are objects");
  }

  @Test
  void eventsAreSelectedByTheirInvolvedObjectAsARealServerDoes() {
    for (String pod : List.of("a", "b")) {
      client.v1().events().inNamespace("ev").resource(new EventBuilder().withNewMetadata().withName(pod + ".1")
          .endMetadata().withNewInvolvedObject().withKind("Pod").withName(pod).endInvolvedObject().withType("Warning")
          .withReason("FailedAttachVolume").withMessage("about " + pod).build()).create();
    }
    assertEquals(List.of("about b"), client.v1().events().inNamespace("ev").withField("involvedObject.name", "b").list()
        .getItems().stream().map(e -> e.getMessage()).toList());
  }
}
