package dev.lifeboat.lifecycle.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Who runs with a claim mounted, named as the thing to stop. */
class ClaimUsersTest {
  private static PodSpec mounting(String claim) {
    return new PodSpecBuilder().addNewVolume().withName("v").withNewPersistentVolumeClaim().withClaimName(claim)
        .endPersistentVolumeClaim().endVolume().addNewContainer().withName("c").withImage("i").endContainer().build();
  }

  private static Pod pod(String name, String claim, String ownerKind, String ownerName, String phase) {
    var meta = new ObjectMetaBuilder().withName(name);
    if (ownerKind != null) {
      meta.addToOwnerReferences(new OwnerReferenceBuilder().withKind(ownerKind).withName(ownerName).withController(true).build());
    }
    return new PodBuilder().withMetadata(meta.build()).withSpec(mounting(claim)).withNewStatus().withPhase(phase)
        .endStatus().build();
  }

  private static Deployment deployment(String name, String claim, int replicas) {
    return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withReplicas(replicas)
        .withTemplate(new PodTemplateSpecBuilder().withSpec(mounting(claim)).build()).endSpec().build();
  }

  private static StatefulSet statefulSet(String name, String templateClaim) {
    return new StatefulSetBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withReplicas(2)
        .withTemplate(new PodTemplateSpecBuilder().withSpec(mounting("unrelated")).build())
        .addNewVolumeClaimTemplate().withNewMetadata().withName(templateClaim).endMetadata().endVolumeClaimTemplate()
        .endSpec().build();
  }

  private static ClaimUsers.Inputs inputs(List<Pod> pods, List<Deployment> deployments, List<StatefulSet> sets) {
    var rs = new ReplicaSetBuilder().withNewMetadata().withName("web-5d9f").addToOwnerReferences(new OwnerReferenceBuilder()
        .withKind("Deployment").withName("web").withController(true).build()).endMetadata().withNewSpec().withReplicas(2)
        .withTemplate(new PodTemplateSpecBuilder().withSpec(mounting("data")).build()).endSpec().build();
    var job = new JobBuilder().withNewMetadata().withName("report-281").addToOwnerReferences(new OwnerReferenceBuilder()
        .withKind("CronJob").withName("report").withController(true).build()).endMetadata().withNewSpec()
        .withTemplate(new PodTemplateSpecBuilder().withSpec(mounting("data")).build()).endSpec().build();
    var daemon = new DaemonSetBuilder().withNewMetadata().withName("agent").endMetadata().withNewSpec()
        .withTemplate(new PodTemplateSpecBuilder().withSpec(mounting("logs")).build()).endSpec().build();
    var cron = new CronJobBuilder().withNewMetadata().withName("report").endMetadata().withNewSpec().withSuspend(true)
        .withNewJobTemplate().withNewSpec().withTemplate(new PodTemplateSpecBuilder().withSpec(mounting("data")).build())
        .endSpec().endJobTemplate().endSpec().build();
    return new ClaimUsers.Inputs(pods, deployments, sets, List.of(daemon), List.of(rs), List.of(job), List.of(cron));
  }

  @Test
  void podsAreNamedByTheWorkloadThatOwnsThem() {
    Pod ownJob = pod("r1-restore-abcde", "data", "Job", "r1-restore", "Running");
    ownJob.getMetadata().setLabels(java.util.Map.of("app.kubernetes.io/managed-by", "lifeboat"));
    List<Pod> pods = List.of(
        pod("web-5d9f-x1", "data", "ReplicaSet", "web-5d9f", "Running"),
        pod("report-281-q", "data", "Job", "report-281", "Running"),
        pod("debug", "data", null, null, "Pending"),
        pod("done", "data", null, null, "Succeeded"),
        pod("elsewhere", "other", null, null, "Running"),
        ownJob);
    assertEquals(List.of("cronjob/report", "deployment/web", "pod/debug"),
        ClaimUsers.of("data", inputs(pods, List.of(), List.of())),
        "a finished pod, another claim's and lifeboat's own restore pod are no users; the suspended CronJob is one"
            + " only through its running Job");
  }

  @Test
  void templatesCountWhileTheyRunEvenBeforeAnyPodExists() {
    var in = inputs(List.of(), List.of(deployment("api", "data", 3), deployment("idle", "data", 0)),
        List.of(statefulSet("db", "pgdata")));
    assertEquals(List.of("cronjob/report", "deployment/api"), ClaimUsers.of("data", in),
        "a Deployment's template with replicas, a suspended CronJob's Job still running; not replicas 0, not the"
            + " ReplicaSet a Deployment owns");
    assertEquals(List.of("statefulset/db"), ClaimUsers.of("pgdata-db-1", in), "a volumeClaimTemplate's claim");
    assertEquals(List.of("daemonset/agent"), ClaimUsers.of("logs", in));
    assertEquals(List.of("deployment/api", "deployment/idle"),
        ClaimUsers.stoppableMounting("data", in.deployments(), in.statefulSets()), "--stop-users stops replicas 0 too");
  }

  @Test
  void theProblemNamesWhatIsNotStoppedAndTheWaysOut() {
    List<String> users = List.of("daemonset/agent", "deployment/web");
    String both = ClaimUsers.problem("data", users, List.of(), false);
    assertTrue(both.startsWith("target PersistentVolumeClaim \"data\" is in use by daemonset/agent, deployment/web"), both);
    assertTrue(both.contains("--stop-users") && both.contains("daemonset/agent yourself") && both.contains("--force"), both);
    String daemonOnly = ClaimUsers.problem("data", users, List.of("deployment/web"), false);
    assertTrue(daemonOnly.contains("in use by daemonset/agent: ") && daemonOnly.contains("Stop them yourself"), daemonOnly);
    assertNull(ClaimUsers.problem("data", List.of("deployment/web"), List.of("deployment/web"), false));
    assertNull(ClaimUsers.problem("data", users, List.of(), true), "--force: the user said so");
  }
}
