package dev.lifeboat.lifecycle.mover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.MoverSecurityContext;
import dev.lifeboat.lifecycle.mover.MoverIdentity.Access;
import dev.lifeboat.lifecycle.mover.MoverIdentity.Kind;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class MoverIdentityTest {
  private static final ApplicationIdentity DB = new ApplicationIdentity("deployment/db", 999L, 999L, List.of(2000L), 2000L);

  @Test
  void aGivenIdentityWinsAndABackupNeverSetsFsGroup() {
    MoverSecurityContext given = new MoverSecurityContext(1000L, null);
    given.fsGroup = 3000L;
    MoverIdentity read = MoverIdentity.choose(given, null, "ns", true, DB, Access.READ).identity();
    assertEquals(Kind.GIVEN, read.kind());
    assertEquals(1000L, read.uid());
    assertEquals(1000L, read.gid(), "the group defaults to the user");
    assertNull(read.fsGroup(), "the kubelet would change the group of every file the backup reads");
    assertEquals(3000L, MoverIdentity.choose(given, null, "ns", false, DB, Access.WRITE).identity().fsGroup());
  }

  @Test
  void privilegedWhereTheNamespaceOptsInWithOnlyTheCapabilitiesItsWorkNeeds() {
    MoverIdentity read = MoverIdentity.choose(null, null, "ns", true, DB, Access.READ).identity();
    assertEquals(Kind.PRIVILEGED, read.kind());
    assertEquals(0L, read.uid());
    assertEquals(List.of("DAC_READ_SEARCH"), read.capabilities());
    assertEquals(List.of("CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID"),
        MoverIdentity.choose(null, null, "ns", true, DB, Access.WRITE).identity().capabilities());
    assertEquals(Kind.APPLICATION, MoverIdentity.choose(null, false, "ns", true, DB, Access.READ).identity().kind(),
        "privilegedMover: false asks for the pods' identity even there");
  }

  @Test
  void aPrivilegedMoverElsewhereIsRefusedNamingTheAnnotation() {
    MoverIdentity.Choice refused = MoverIdentity.choose(null, true, "shop", false, DB, Access.READ);
    assertNull(refused.identity());
    assertTrue(refused.refusal().contains("kubectl annotate namespace shop lifeboat.dev/privileged-movers=true"),
        refused.refusal());
  }

  @Test
  void otherwiseThePodsIdentityWithTheirFsGroupAsAGroupAndLifeboatsWhenNoneIsKnown() {
    MoverIdentity read = MoverIdentity.choose(null, null, "ns", false, DB, Access.READ).identity();
    assertEquals(Kind.APPLICATION, read.kind());
    assertEquals(List.of(2000L), read.groups());
    assertNull(read.fsGroup());
    assertEquals(2000L, MoverIdentity.choose(null, null, "ns", false, DB, Access.WRITE).identity().fsGroup());
    assertTrue(read.description().contains("deployment/db"), read.description());

    MoverIdentity unknown = MoverIdentity.choose(null, null, "ns", false, null, Access.READ).identity();
    assertEquals(Kind.DEFAULT, unknown.kind());
    assertEquals(MoverIdentity.DEFAULT_UID, unknown.uid());
    MoverIdentity rootApp = MoverIdentity.choose(null, null, "ns", false,
        new ApplicationIdentity("deployment/x", 0L, 0L, List.of(), null), Access.READ).identity();
    assertEquals(Kind.DEFAULT, rootApp.kind(), "a root application is matched only by the privileged mover");
    assertTrue(rootApp.description().contains("runs as root"), rootApp.description());
  }

  @Test
  void theApplicationIsTheContainerThatMountsTheClaimWorkloadsBeforePods() {
    Deployment deployment = new DeploymentBuilder().withNewMetadata().withName("db").endMetadata()
        .withNewSpec().withNewTemplate().withNewSpec()
          .withNewSecurityContext().withRunAsUser(1L).withFsGroup(2000L).withSupplementalGroups(5L).endSecurityContext()
          .addNewContainer().withName("sidecar").endContainer()
          .addNewContainer().withName("postgres").withNewSecurityContext().withRunAsUser(999L).withRunAsGroup(998L)
            .endSecurityContext().addNewVolumeMount().withName("data").withMountPath("/d").endVolumeMount().endContainer()
          .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("pg").endPersistentVolumeClaim()
          .endVolume()
        .endSpec().endTemplate().endSpec().build();
    Pod pod = new PodBuilder().withNewMetadata().withName("a-pod").endMetadata().withNewSpec()
        .withNewSecurityContext().withRunAsUser(7L).endSecurityContext()
        .addNewContainer().withName("c").addNewVolumeMount().withName("v").withMountPath("/d").endVolumeMount().endContainer()
        .addNewVolume().withName("v").withNewPersistentVolumeClaim().withClaimName("pg").endPersistentVolumeClaim().endVolume()
        .endSpec().build();
    ApplicationIdentity found = ApplicationIdentity.of("pg", List.of(pod), List.of(deployment), List.of());
    assertEquals(new ApplicationIdentity("deployment/db", 999L, 998L, List.of(5L, 2000L), 2000L), found);
    assertEquals("pod/a-pod", ApplicationIdentity.of("pg", List.of(pod), List.of(), List.of()).source());
    assertNull(ApplicationIdentity.of("other", List.of(pod), List.of(deployment), List.of()));

    StatefulSet set = new StatefulSetBuilder().withNewMetadata().withName("pg").endMetadata().withNewSpec()
        .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata().endVolumeClaimTemplate()
        .withNewTemplate().withNewSpec().withNewSecurityContext().withRunAsUser(26L).endSecurityContext()
          .addNewContainer().withName("pg").addNewVolumeMount().withName("data").withMountPath("/d").endVolumeMount()
          .endContainer().endSpec().endTemplate().endSpec().build();
    assertEquals(26L, ApplicationIdentity.of("data-pg-0", List.of(), List.of(), List.of(set)).uid(),
        "a claim of a StatefulSet's volumeClaimTemplate");
  }
}
