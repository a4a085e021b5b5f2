package dev.lifeboat.sandbox;

import dev.lifeboat.FileTrees;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Sandbox claims: a claim bound to a PersistentVolume whose data is a local folder, {@code DIR/pvc/NS/NAME}. A claim
 * made here may be pinned to a node (a local volume: the PV's node affinity, as local-path provisioners set it);
 * {@link SandboxProvisioner} binds the claims made through the API the same way.
 */
public final class SandboxPvcs {
  public static final String PATH_ANNOTATION = "sandbox.lifeboat.dev/path";
  public static final String STORAGE_CLASS = "standard";
  public static final String PROVISIONER = "sandbox.lifeboat.dev/local";

  private SandboxPvcs() {}

  /** Kubernetes' access modes by the short names kubectl prints. */
  public enum AccessMode {
    RWO("ReadWriteOnce"), RWX("ReadWriteMany"), ROX("ReadOnlyMany"), RWOP("ReadWriteOncePod");

    public final String mode;

    AccessMode(String mode) {
      this.mode = mode;
    }
  }

  public static PersistentVolumeClaim create(KubernetesClient client, SandboxPaths paths, String namespace, String name,
      Path fromDir) throws IOException {
    return create(client, paths, namespace, name, fromDir, Map.of());
  }

  /** @param labels the claim's labels (what a Schedule's pvcSelector matches) */
  public static PersistentVolumeClaim create(KubernetesClient client, SandboxPaths paths, String namespace, String name,
      Path fromDir, Map<String, String> labels) throws IOException {
    return create(client, paths, namespace, name, fromDir, labels, AccessMode.RWO, null);
  }

  /**
   * @param mode the claim's (and its volume's) access mode
   * @param node null, or the node the volume lives on (its PV's required node affinity)
   */
  public static PersistentVolumeClaim create(KubernetesClient client, SandboxPaths paths, String namespace, String name,
      Path fromDir, Map<String, String> labels, AccessMode mode, String node) throws IOException {
    Path data = paths.pvc(namespace, name);
    Files.createDirectories(data);
    if (fromDir != null) {
      FileTrees.copy(fromDir, data);
    }
    PersistentVolumeClaim pvc = new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels.isEmpty() ? null : labels)
          .addToAnnotations(PATH_ANNOTATION, data.toString())
          .addToAnnotations("pv.kubernetes.io/bind-completed", "yes").endMetadata()
        .withNewSpec().withAccessModes(mode.mode).withStorageClassName(STORAGE_CLASS)
          .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec()
        .build();
    // Created with its volume named at once, so that the provisioner leaves it alone (a real one would too).
    String volume = "pvc-" + java.util.UUID.randomUUID();
    pvc.getSpec().setVolumeName(volume);
    PersistentVolumeClaim created = client.persistentVolumeClaims().inNamespace(namespace).resource(pvc).create();
    client.persistentVolumes().resource(volume(volume, created, data, node)).create();
    return bound(client, created);
  }

  /** The claim's status: Bound, with its volume's capacity and modes. */
  static PersistentVolumeClaim bound(KubernetesClient client, PersistentVolumeClaim claim) {
    Quantity size = claim.getSpec().getResources() == null || claim.getSpec().getResources().getRequests() == null
        ? null : claim.getSpec().getResources().getRequests().get("storage");
    claim.setStatus(new PersistentVolumeClaimStatusBuilder().withPhase("Bound")
        .withAccessModes(claim.getSpec().getAccessModes())
        .addToCapacity("storage", size == null ? new Quantity("1Gi") : size).build());
    return client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace()).resource(claim).updateStatus();
  }

  /** A volume for the claim, its data at {@code data}; reclaimed (folder removed) when the claim goes. */
  static PersistentVolume volume(String name, PersistentVolumeClaim claim, Path data, String node) {
    Quantity size = claim.getSpec().getResources() == null || claim.getSpec().getResources().getRequests() == null
        ? null : claim.getSpec().getResources().getRequests().get("storage");
    PersistentVolumeBuilder pv = new PersistentVolumeBuilder()
        .withNewMetadata().withName(name).addToAnnotations("pv.kubernetes.io/provisioned-by", PROVISIONER)
          .addToAnnotations(PATH_ANNOTATION, data.toString()).endMetadata()
        .withNewSpec().withAccessModes(claim.getSpec().getAccessModes())
          .addToCapacity("storage", size == null ? new Quantity("1Gi") : size)
          .withPersistentVolumeReclaimPolicy("Delete").withStorageClassName(STORAGE_CLASS)
          .withNewClaimRef().withKind("PersistentVolumeClaim").withApiVersion("v1")
            .withNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
            .withUid(claim.getMetadata().getUid()).endClaimRef()
        .endSpec()
        .withNewStatus().withPhase("Bound").endStatus();
    if (node == null) {
      pv.editSpec().withNewHostPath().withPath(data.toString()).withType("DirectoryOrCreate").endHostPath().endSpec();
    } else {
      pv.editSpec().withNewLocal().withPath(data.toString()).endLocal()
          .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
            .withKey(SandboxNodes.HOSTNAME).withOperator("In").withValues(List.of(node))
          .endMatchExpression().endNodeSelectorTerm().endRequired().endNodeAffinity().endSpec();
    }
    return pv.build();
  }
}
