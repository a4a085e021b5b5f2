package dev.lifeboat.support;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupSource;
import dev.lifeboat.api.BackupSpec;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.RepositorySpec;
import dev.lifeboat.api.SecretKeyRef;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Creates the objects engine tests need, straight through the API (as kubectl would). */
public final class Objects {
  private Objects() {}

  public static Repository repository(KubernetesClient client, String ns, String name, String url, String password) {
    client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName(name + "-restic")
        .withNamespace(ns).endMetadata()
        .addToData("password", Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8))).build())
        .create();
    Repository r = new Repository();
    r.getMetadata().setName(name);
    r.getMetadata().setNamespace(ns);
    r.setSpec(new RepositorySpec());
    r.getSpec().url = url;
    r.getSpec().passwordSecretRef = new SecretKeyRef(name + "-restic", "password");
    return client.resources(Repository.class).inNamespace(ns).resource(r).create();
  }

  /** A claim bound to a pre-provisioned volume (no data folder: for Jobs whose pods run no process). */
  public static void boundPvc(KubernetesClient client, String ns, String name) {
    boundPvc(client, ns, name, "ReadWriteOnce");
  }

  /** @param mode its access mode: a claim two pods on different nodes share is ReadWriteMany */
  public static void boundPvc(KubernetesClient client, String ns, String name, String mode) {
    String volume = "pv-" + ns + "-" + name;
    var pvc = client.persistentVolumeClaims().inNamespace(ns).resource(new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withNewSpec().withAccessModes(mode).withVolumeName(volume).endSpec().build()).create();
    client.persistentVolumes().resource(new io.fabric8.kubernetes.api.model.PersistentVolumeBuilder().withNewMetadata()
        .withName(volume).endMetadata().withNewSpec().withAccessModes(mode).withNewHostPath()
        .withPath("/nonexistent/" + volume).endHostPath().withNewClaimRef().withNamespace(ns).withName(name)
        .withUid(pvc.getMetadata().getUid()).endClaimRef().endSpec().build()).createOr(c -> c.update());
    pvc.setStatus(new PersistentVolumeClaimStatusBuilder().withPhase("Bound").build());
    client.persistentVolumeClaims().inNamespace(ns).resource(pvc).updateStatus();
  }

  public static Backup backup(KubernetesClient client, String ns, String name, String repository, String pvc) {
    Backup b = new Backup();
    b.getMetadata().setName(name);
    b.getMetadata().setNamespace(ns);
    b.setSpec(new BackupSpec());
    b.getSpec().repository = repository;
    b.getSpec().source = new BackupSource(pvc);
    return client.resources(Backup.class).inNamespace(ns).resource(b).create();
  }

  public static void deployment(KubernetesClient client, String ns, String name, int replicas) {
    client.apps().deployments().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
        .withNewMetadata().withName(name).withNamespace(ns).addToLabels("app", "shop").endMetadata()
        .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
        .addNewContainer().withName("c").withImage("app").endContainer().endSpec().endTemplate().endSpec().build()).create();
  }

  public static void statefulSet(KubernetesClient client, String ns, String name, int replicas) {
    client.apps().statefulSets().inNamespace(ns).resource(new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder()
        .withNewMetadata().withName(name).withNamespace(ns).addToLabels("app", "shop").endMetadata()
        .withNewSpec().withReplicas(replicas).withServiceName(name).withNewSelector().addToMatchLabels("app", name).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
        .addNewContainer().withName("c").withImage("db").endContainer().endSpec().endTemplate().endSpec().build()).create();
  }

  public static int replicas(KubernetesClient client, String ns, String ref) {
    String[] parts = ref.split("/");
    var w = parts[0].equals("deployment") ? client.apps().deployments().inNamespace(ns).withName(parts[1]).get().getSpec().getReplicas()
        : client.apps().statefulSets().inNamespace(ns).withName(parts[1]).get().getSpec().getReplicas();
    return w;
  }

  public static dev.lifeboat.api.Restore restore(KubernetesClient client, String ns, String name, String backup,
      String targetPvc, java.util.function.Consumer<dev.lifeboat.api.RestoreSpec> customize) {
    dev.lifeboat.api.Restore r = new dev.lifeboat.api.Restore();
    r.getMetadata().setName(name);
    r.getMetadata().setNamespace(ns);
    r.setSpec(new dev.lifeboat.api.RestoreSpec());
    r.getSpec().backup = backup;
    if (targetPvc != null) {
      r.getSpec().target = new dev.lifeboat.api.RestoreTarget();
      r.getSpec().target.pvc = targetPvc;
    }
    r.getSpec().stopApplications = new dev.lifeboat.api.StopApplications();
    r.getSpec().stopApplications.workloads = new java.util.ArrayList<>(java.util.List.of("deployment/api", "statefulset/db"));
    customize.accept(r.getSpec());
    return client.resources(dev.lifeboat.api.Restore.class).inNamespace(ns).resource(r).create();
  }

  public static String restorePhase(KubernetesClient client, String ns, String name) {
    var r = client.resources(dev.lifeboat.api.Restore.class).inNamespace(ns).withName(name).get();
    return r == null || r.getStatus() == null ? null : String.valueOf(r.getStatus().phase);
  }

  public static String lockHolder(KubernetesClient client, String ns, String pvc) {
    var lease = client.leases().inNamespace(ns).withName(dev.lifeboat.lifecycle.Locks.leaseForPvc(ns, pvc)).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  public static String phase(KubernetesClient client, String ns, String name) {
    Backup b = client.resources(Backup.class).inNamespace(ns).withName(name).get();
    return b == null || b.getStatus() == null ? null : String.valueOf(b.getStatus().phase);
  }

  public static String repositoryPhase(KubernetesClient client, String ns, String name) {
    Repository r = client.resources(Repository.class).inNamespace(ns).withName(name).get();
    return r == null || r.getStatus() == null ? null : String.valueOf(r.getStatus().phase);
  }
}
