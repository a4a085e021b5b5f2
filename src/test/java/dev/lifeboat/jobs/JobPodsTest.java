package dev.lifeboat.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupSource;
import dev.lifeboat.api.BackupSpec;
import dev.lifeboat.api.JobTemplate;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.RepositorySpec;
import dev.lifeboat.api.SecretKeyRef;
import dev.lifeboat.lifecycle.ClaimPlacement;
import dev.lifeboat.lifecycle.JobPurpose;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Job's pod as its Repository, its run and the install say, with lifeboat's placement on top. */
class JobPodsTest {
  private final JobFactory jobs = new JobFactory(new JobSettings("lifeboat:test", "lifeboat-manager", "IfNotPresent",
      template(t -> t.priorityClassName = "batch-low")));

  private static JobTemplate template(java.util.function.Consumer<JobTemplate> set) {
    JobTemplate t = new JobTemplate();
    set.accept(t);
    return t;
  }

  private static Repository repository(JobTemplate template) {
    Repository r = new Repository();
    r.getMetadata().setName("repo");
    r.getMetadata().setNamespace("ns");
    r.setSpec(new RepositorySpec());
    r.getSpec().url = "s3:https://minio.local/bucket";
    r.getSpec().passwordSecretRef = new SecretKeyRef("repo-restic", null);
    r.getSpec().jobTemplate = template;
    return r;
  }

  private static Backup backup(JobTemplate template) {
    Backup b = new Backup();
    b.getMetadata().setName("b1");
    b.getMetadata().setNamespace("ns");
    b.setSpec(new BackupSpec());
    b.getSpec().repository = "repo";
    b.getSpec().source = new BackupSource("data");
    b.getSpec().jobTemplate = template;
    return b;
  }

  private static PodSpec pod(Job job) {
    return job.getSpec().getTemplate().getSpec();
  }

  @Test
  void theRunsTemplateWinsFieldByFieldOverTheRepositorysOverTheInstalls() {
    Repository repo = repository(template(t -> {
      t.nodeSelector = Map.of("pool", "storage");
      t.tolerations = List.of(new TolerationBuilder().withKey("storage").withOperator("Exists").withEffect("NoSchedule").build());
      t.serviceAccountName = "irsa-backups";
    }));
    Backup backup = backup(template(t -> t.resources = new ResourceRequirementsBuilder()
        .addToLimits("memory", new Quantity("2Gi")).build()));
    PodSpec pod = pod(jobs.backupJob(backup, repo, JobPurpose.BACKUP, "b1-backup"));
    assertEquals(Map.of("pool", "storage"), pod.getNodeSelector());
    assertEquals("storage", pod.getTolerations().get(0).getKey());
    assertEquals("irsa-backups", pod.getServiceAccountName());
    assertEquals("batch-low", pod.getPriorityClassName(), "the install's default under both");
    assertEquals(new Quantity("2Gi"), pod.getContainers().get(0).getResources().getLimits().get("memory"));

    PodSpec plain = pod(jobs.backupJob(backup(null), repository(null), JobPurpose.BACKUP, "b1-backup"));
    assertEquals("lifeboat-manager", plain.getServiceAccountName());
    assertEquals(true, plain.getNodeSelector() == null || plain.getNodeSelector().isEmpty());
    assertEquals(new Quantity("128Mi"), plain.getContainers().get(0).getResources().getRequests().get("memory"));
  }

  @Test
  void theRepositorysCaAndLimitsReachRestic() {
    Repository repo = repository(null);
    repo.getSpec().caSecretRef = new SecretKeyRef("minio-ca", null);
    repo.getSpec().limitUploadKiB = 10_240;
    Job job = jobs.backupJob(backup(null), repo, JobPurpose.BACKUP, "b1-backup");
    var env = pod(job).getContainers().get(0).getEnv();
    assertEquals("/etc/lifeboat/ca/ca.crt", env.stream().filter(e -> e.getName().equals(JobFactory.CACERT_ENV)).findFirst()
        .orElseThrow().getValue());
    assertEquals("10240", env.stream().filter(e -> e.getName().equals(JobFactory.LIMIT_UPLOAD_ENV)).findFirst()
        .orElseThrow().getValue());
    var ca = pod(job).getVolumes().stream().filter(v -> v.getName().equals("ca")).findFirst().orElseThrow();
    assertEquals("minio-ca", ca.getSecret().getSecretName());
    assertEquals("ca.crt", ca.getSecret().getItems().get(0).getKey());
    assertEquals(List.of("--cacert", "/etc/lifeboat/ca/ca.crt", "--limit-upload", "10240"),
        dev.lifeboat.manager.ResticFlagsProbe.flags(Map.of(JobFactory.CACERT_ENV, "/etc/lifeboat/ca/ca.crt",
            JobFactory.LIMIT_UPLOAD_ENV, "10240")));
  }

  @Test
  void lifeboatsPlacementIsAddedToTheUsersAffinityNotInItsPlace() {
    var userZone = new AffinityBuilder().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm().addNewMatchExpression().withKey("topology.kubernetes.io/zone").withOperator("In")
        .withValues("a").endMatchExpression().endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity().build();
    Job job = jobs.backupJob(backup(template(t -> t.affinity = userZone)), repository(null), JobPurpose.BACKUP, "b1-backup");
    ClaimPlacement onNode2 = ClaimPlacement.of(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data")
        .endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").endSpec().build(), null, List.of(new PodBuilder()
        .withNewMetadata().withName("app").endMetadata().withNewSpec().withNodeName("node-2").addNewVolume().withName("d")
        .withNewPersistentVolumeClaim().withClaimName("data").endPersistentVolumeClaim().endVolume().endSpec()
        .withNewStatus().withPhase("Running").endStatus().build()));
    JobPods.placed(job, onNode2.affinity());
    var terms = pod(job).getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms();
    assertEquals(1, terms.size());
    assertEquals(List.of("topology.kubernetes.io/zone", ClaimPlacement.HOSTNAME),
        terms.get(0).getMatchExpressions().stream().map(e -> e.getKey()).toList(), "both must hold");

    var elsewhere = new AffinityBuilder(userZone).editNodeAffinity().editRequiredDuringSchedulingIgnoredDuringExecution()
        .editFirstNodeSelectorTerm().addNewMatchExpression().withKey(ClaimPlacement.HOSTNAME).withOperator("In")
        .withValues("node-3").endMatchExpression().endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity().build();
    String contradiction = onNode2.contradiction("data", null, elsewhere);
    assertEquals("the jobTemplate's nodeSelector or affinity keeps the pod off node-2, the only node(s) where"
        + " PersistentVolumeClaim \"data\" can be attached (a running pod uses it there): remove the node constraint"
        + " from spec.jobTemplate (or the Repository's), or stop the claim's users first", contradiction);
    assertNull(onNode2.contradiction("data", Map.of("pool", "storage"), userZone), "other labels are the nodes' to match");
    assertEquals(contradiction, onNode2.contradiction("data", Map.of(ClaimPlacement.HOSTNAME, "node-1"), null),
        "a nodeSelector on another host too");
  }
}
