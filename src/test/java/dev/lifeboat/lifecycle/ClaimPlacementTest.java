package dev.lifeboat.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a Job that mounts a claim may run: the node its volume is attached to, the volume's affinity, or anywhere. */
class ClaimPlacementTest {
  private static PersistentVolumeClaim claim(String mode) {
    return new PersistentVolumeClaimBuilder().withNewMetadata().withName("data").endMetadata().withNewSpec()
        .withAccessModes(mode).withVolumeName("pv-data").endSpec().build();
  }

  private static Pod pod(String name, String node, String phase) {
    return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withNodeName(node)
        .addNewVolume().withName("v").withNewPersistentVolumeClaim().withClaimName("data").endPersistentVolumeClaim()
        .endVolume().endSpec().withNewStatus().withPhase(phase).endStatus().build();
  }

  private static PersistentVolume localOn(String node) {
    return new PersistentVolumeBuilder().withNewMetadata().withName("pv-data").endMetadata().withNewSpec()
        .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
        .withKey(ClaimPlacement.HOSTNAME).withOperator("In").withValues(node).endMatchExpression().endNodeSelectorTerm()
        .endRequired().endNodeAffinity().endSpec().build();
  }

  private static List<String> hostnames(ClaimPlacement placement) {
    return placement.affinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms().get(0).getMatchExpressions().get(0).getValues();
  }

  @Test
  void aReadWriteOnceClaimInUseIsReadOnTheNodeOfItsPod() {
    ClaimPlacement placement = ClaimPlacement.of(claim("ReadWriteOnce"), null,
        List.of(pod("app", "node-2", "Running"), pod("old", "node-1", "Succeeded"), pod("next", "node-3", "Pending")));
    assertEquals("node-2", placement.node(), "only a running pod holds the volume");
    assertEquals(List.of("node-2"), hostnames(placement));
    assertNull(placement.exclusiveProblem("data"));
  }

  @Test
  void anUnusedClaimGoesWhereItsVolumeLivesOrAnywhere() {
    assertEquals(List.of("node-3"), hostnames(ClaimPlacement.of(claim("ReadWriteOnce"), localOn("node-3"), List.of())));
    assertNull(ClaimPlacement.of(claim("ReadWriteOnce"), null, List.of()).affinity(), "stopped users hold nothing");
    assertNull(ClaimPlacement.of(claim("ReadWriteMany"), null, List.of(pod("app", "node-2", "Running"))).affinity(),
        "ReadWriteMany mounts on any node");
  }

  @Test
  void theNodeABackupWillRunOnIsKnownOnlyForAClaimPinnedToOne() {
    assertEquals("node-2", ClaimPlacement.of(claim("ReadWriteOnce"), localOn("node-3"),
        List.of(pod("app", "node-2", "Running"))).pinnedNode(), "attached by a running pod");
    assertEquals("node-3", ClaimPlacement.of(claim("ReadWriteOnce"), localOn("node-3"), List.of()).pinnedNode(),
        "a local volume's host");
    assertNull(ClaimPlacement.of(claim("ReadWriteOnce"), null, List.of()).pinnedNode(), "the scheduler's choice");
    assertNull(ClaimPlacement.of(claim("ReadWriteMany"), localOn("node-3"), List.of()).pinnedNode(), "anywhere");
  }

  @Test
  void aReadWriteOncePodClaimInUseCannotBeReadBySecondPod() {
    ClaimPlacement placement = ClaimPlacement.of(claim("ReadWriteOncePod"), null, List.of(pod("db-0", "node-1", "Running")));
    String problem = placement.exclusiveProblem("data");
    assertTrue(problem.startsWith("PersistentVolumeClaim \"data\" is ReadWriteOncePod and pod/db-0 uses it"), problem);
    assertNull(ClaimPlacement.of(claim("ReadWriteOncePod"), null, List.of()).exclusiveProblem("data"));
  }
}
