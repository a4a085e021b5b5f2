package dev.lifeboat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sandbox scheduler's and attach-detach controller's decisions, as Kubernetes makes them. */
class PodPlacementTest {
  private final List<Node> nodes = new ArrayList<>(List.of(node("node-1"), node("node-2"), node("node-3")));
  private final List<Pod> pods = new ArrayList<>();
  private final Map<String, PersistentVolumeClaim> claims = new HashMap<>();
  private final Map<String, PersistentVolume> volumes = new HashMap<>();

  private PodPlacement.Cluster cluster() {
    return new PodPlacement.Cluster(nodes, pods, claims::get, volumes::get);
  }

  private static Node node(String name) {
    return new NodeBuilder().withNewMetadata().withName(name).addToLabels(SandboxNodes.HOSTNAME, name)
        .addToLabels("disk", name.equals("node-3") ? "ssd" : "hdd").endMetadata().withNewSpec().endSpec().build();
  }

  private void claim(String name, String mode, String pinnedTo) {
    PersistentVolumeClaim pvc = new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace("ns")
        .withUid("uid-" + name).endMetadata().withNewSpec().withAccessModes(mode).withVolumeName("pv-" + name).endSpec()
        .withNewStatus().withPhase("Bound").endStatus().build();
    claims.put("ns/" + name, pvc);
    volumes.put("pv-" + name, SandboxPvcs.volume("pv-" + name, pvc, Path.of("/tmp/x"), pinnedTo));
  }

  private static PodBuilder pod(String name, String claim) {
    PodBuilder pod = new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").endMetadata()
        .withNewSpec().addNewContainer().withName("c").endContainer().endSpec();
    if (claim != null) {
      pod.editSpec().addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName(claim)
          .endPersistentVolumeClaim().endVolume().endSpec();
    }
    return pod;
  }

  private Pod running(String name, String claim, String node) {
    Pod pod = pod(name, claim).editSpec().withNodeName(node).endSpec().withNewStatus().withPhase("Running").endStatus()
        .build();
    pods.add(pod);
    return pod;
  }

  @Test
  void theLeastBusyNodeThatFitsByName() {
    running("a", null, "node-1");
    assertEquals("node-2", PodPlacement.schedule(pod("p", null).build(), cluster()).node());
  }

  @Test
  void nodeSelectorAndRequiredAffinityNarrowTheNodes() {
    Pod selected = pod("p", null).editSpec().addToNodeSelector("disk", "ssd").endSpec().build();
    assertEquals("node-3", PodPlacement.schedule(selected, cluster()).node());
    Pod affine = pod("p", null).editSpec().withNewAffinity().withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm().addNewMatchExpression()
        .withKey(SandboxNodes.HOSTNAME).withOperator("In").withValues("node-2").endMatchExpression()
        .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
        .endSpec().build();
    assertEquals("node-2", PodPlacement.schedule(affine, cluster()).node());
    Pod nowhere = pod("p", null).editSpec().addToNodeSelector("disk", "nvme").endSpec().build();
    PodPlacement.Decision none = PodPlacement.schedule(nowhere, cluster());
    assertNull(none.node());
    assertTrue(none.unschedulable().startsWith("0/3 nodes are available: 3 node(s) didn't match Pod's node"
        + " affinity/selector."), none.unschedulable());
  }

  @Test
  void aTaintKeepsOutWhatDoesNotTolerateIt() {
    nodes.forEach(n -> n.getSpec().setTaints(List.of(new TaintBuilder().withKey("storage").withValue("true")
        .withEffect("NoSchedule").build())));
    PodPlacement.Decision refused = PodPlacement.schedule(pod("p", null).build(), cluster());
    assertEquals("0/3 nodes are available: 3 node(s) had untolerated taint {storage: true}. preemption: 0/3 nodes are"
        + " available: 3 Preemption is not helpful for scheduling.", refused.unschedulable());
    Pod tolerant = pod("p", null).editSpec().withTolerations(new TolerationBuilder().withKey("storage")
        .withOperator("Equal").withValue("true").withEffect("NoSchedule").build()).endSpec().build();
    assertEquals("node-1", PodPlacement.schedule(tolerant, cluster()).node());
    Pod wrongValue = pod("p", null).editSpec().withTolerations(new TolerationBuilder().withKey("storage")
        .withOperator("Equal").withValue("false").build()).endSpec().build();
    assertNull(PodPlacement.schedule(wrongValue, cluster()).node());
  }

  @Test
  void aLocalVolumePinsItsPodsAndACordonedNodeTakesNone() {
    claim("local", "ReadWriteOnce", "node-3");
    assertEquals("node-3", PodPlacement.schedule(pod("p", "local").build(), cluster()).node());
    nodes.get(2).getSpec().setUnschedulable(true);
    assertEquals("0/3 nodes are available: 2 node(s) had volume node affinity conflict, 1 node(s) were unschedulable."
        + " preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
        PodPlacement.schedule(pod("p", "local").build(), cluster()).unschedulable());
  }

  @Test
  void aReadWriteOnceVolumeIsAttachedToOneNodeAtATime() {
    claim("data", "ReadWriteOnce", null);
    running("app", "data", "node-2");
    Pod elsewhere = pod("other", "data").editSpec().withNodeName("node-3").endSpec().build();
    assertEquals("Multi-Attach error for volume \"pv-data\" Volume is already used by pod(s) app",
        PodPlacement.attachConflict(elsewhere, cluster()));
    Pod beside = pod("other", "data").editSpec().withNodeName("node-2").endSpec().build();
    assertNull(PodPlacement.attachConflict(beside, cluster()), "a second pod on the same node shares the attachment");
    claim("shared", "ReadWriteMany", null);
    running("app2", "shared", "node-1");
    assertNull(PodPlacement.attachConflict(pod("x", "shared").editSpec().withNodeName("node-3").endSpec().build(),
        cluster()), "ReadWriteMany: anywhere");
  }

  @Test
  void aReadWriteOncePodClaimTakesOnePod() {
    claim("solo", "ReadWriteOncePod", null);
    running("app", "solo", "node-1");
    PodPlacement.Decision second = PodPlacement.schedule(pod("p", "solo").build(), cluster());
    assertNull(second.node());
    assertTrue(second.unschedulable().contains("3 node has pod using PersistentVolumeClaim with the same name and"
        + " ReadWriteOncePod access mode"), second.unschedulable());
  }

  @Test
  void aMissingOrUnboundClaimIsSaidSo() {
    assertEquals("0/3 nodes are available: persistentvolumeclaim \"gone\" not found.",
        PodPlacement.schedule(pod("p", "gone").build(), cluster()).unschedulable());
    claims.put("ns/pending", new PersistentVolumeClaimBuilder().withNewMetadata().withName("pending").endMetadata()
        .withNewSpec().withAccessModes("ReadWriteOnce").endSpec().build());
    assertEquals("0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.",
        PodPlacement.schedule(pod("p", "pending").build(), cluster()).unschedulable());
  }
}
