package dev.lifeboat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContainerIdentityTest {
  @Test
  void theContainersFieldsWinAndFsGroupAndSupplementalGroupsAreGroupsOfTheProcess() {
    Pod pod = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec()
        .withNewSecurityContext().withRunAsUser(1L).withRunAsGroup(2L).withFsGroup(3000L).withSupplementalGroups(4L)
        .endSecurityContext()
        .addNewContainer().withName("c").withNewSecurityContext().withRunAsUser(999L).withReadOnlyRootFilesystem(true)
          .withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
        .endContainer().endSpec().build();
    ContainerIdentity id = ContainerIdentity.of(pod, pod.getSpec().getContainers().get(0));
    assertEquals(999L, id.uid());
    assertEquals(2L, id.gid());
    assertEquals(List.of(4L, 3000L), id.groups());
    assertEquals(Set.of(), id.capabilities());
    assertTrue(id.readOnlyRootFilesystem());
    assertNull(id.refusal());
    assertEquals(List.of("--reuid", "999", "--regid", "2", "--groups", "4,3000", "--bounding-set", "-all", "--inh-caps",
        "-all", "--no-new-privs"), id.setprivArguments());
  }

  @Test
  void rootKeepsTheRuntimesDefaultCapabilitiesLessDroppedPlusAddedAndNonRootKeepsNone() {
    Pod pod = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec()
        .addNewContainer().withName("c").withNewSecurityContext().withNewCapabilities().withDrop("ALL")
          .withAdd("DAC_READ_SEARCH").endCapabilities().endSecurityContext().endContainer().endSpec().build();
    ContainerIdentity root = ContainerIdentity.of(pod, pod.getSpec().getContainers().get(0));
    assertEquals(0L, root.uid(), "the image's user: the sandbox's image runs as root");
    assertEquals(Set.of("DAC_READ_SEARCH"), root.effectiveCapabilities());
    assertTrue(root.setprivArguments().contains("-all,+dac_read_search"));

    Pod plain = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec()
        .withNewSecurityContext().withRunAsUser(65532L).endSecurityContext()
        .addNewContainer().withName("c").endContainer().endSpec().build();
    ContainerIdentity user = ContainerIdentity.of(plain, plain.getSpec().getContainers().get(0));
    assertEquals(ContainerIdentity.RUNTIME_DEFAULT, user.capabilities(), "the bounding set");
    assertEquals(Set.of(), user.effectiveCapabilities(), "no ambient capabilities for a user that is not root");
  }

  @Test
  void runAsNonRootWithARootUserIsRefusedAsTheKubeletRefusesIt() {
    Pod pod = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec()
        .withNewSecurityContext().withRunAsNonRoot(true).endSecurityContext()
        .addNewContainer().withName("c").endContainer().endSpec().build();
    assertEquals("container has runAsNonRoot and image will run as root (pod: \"p\", container: c)",
        ContainerIdentity.of(pod, pod.getSpec().getContainers().get(0)).refusal());
  }
}
