package dev.lifeboat.jobs;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Labels;
import dev.lifeboat.lifecycle.JobNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.Map;

/** The objects of a Backup's point-in-time copy: its VolumeSnapshot and its temporary claim, both owned by it. */
public final class CopyObjects {
  public static final String SNAPSHOT_API = "snapshot.storage.k8s.io/v1";
  public static final String SNAPSHOT_GROUP = "snapshot.storage.k8s.io";
  /** A VolumeSnapshotClass that its driver's snapshots get when they name none. */
  public static final String DEFAULT_CLASS_ANNOTATION = "snapshot.storage.kubernetes.io/is-default-class";

  private CopyObjects() {}

  public static GenericKubernetesResource volumeSnapshot(Backup backup, String name, String claim, String snapshotClass) {
    GenericKubernetesResource snapshot = new GenericKubernetesResourceBuilder().withApiVersion(SNAPSHOT_API)
        .withKind("VolumeSnapshot").withNewMetadata().withName(name).withNamespace(backup.getMetadata().getNamespace())
        .withLabels(labels(backup, claim)).withOwnerReferences(owner(backup)).endMetadata().build();
    Map<String, Object> spec = new LinkedHashMap<>();
    if (snapshotClass != null) {
      spec.put("volumeSnapshotClassName", snapshotClass);
    }
    spec.put("source", Map.of("persistentVolumeClaimName", claim));
    snapshot.setAdditionalProperty("spec", spec);
    return snapshot;
  }

  /**
   * A claim filled from {@code sourceKind}/{@code sourceName} (a VolumeSnapshot, or the claim itself: a clone), with
   * {@code source}'s class, mode and size: the backup Job reads it read-only, so ReadWriteOnce, on any node.
   */
  public static PersistentVolumeClaim claim(Backup backup, String name, String sourceKind, String sourceName,
      PersistentVolumeClaim source) {
    Quantity size = source.getSpec().getResources() == null || source.getSpec().getResources().getRequests() == null
        ? null : source.getSpec().getResources().getRequests().get("storage");
    Quantity capacity = source.getStatus() == null || source.getStatus().getCapacity() == null ? null
        : source.getStatus().getCapacity().get("storage");
    if (size == null || capacity != null && Quantity.getAmountInBytes(capacity).compareTo(Quantity.getAmountInBytes(size)) > 0) {
      size = capacity; // a volume expanded beyond its request: the copy must hold all of it
    }
    boolean snapshot = "VolumeSnapshot".equals(sourceKind);
    return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name)
        .withNamespace(backup.getMetadata().getNamespace())
        .withLabels(labels(backup, source.getMetadata().getName())).withOwnerReferences(owner(backup)).endMetadata()
        .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName(source.getSpec().getStorageClassName())
        .withVolumeMode(source.getSpec().getVolumeMode())
        .withNewResources().addToRequests("storage", size == null ? new Quantity("1Gi") : size).endResources()
        .withNewDataSource().withApiGroup(snapshot ? SNAPSHOT_GROUP : null).withKind(sourceKind).withName(sourceName)
        .endDataSource().endSpec().build();
  }

  private static Map<String, String> labels(Backup backup, String claim) {
    Map<String, String> labels = OwnerLabels.of("Backup", backup.getMetadata().getName());
    labels.put(Labels.COPY_OF, JobNames.labelValue(claim));
    return labels;
  }

  /** Garbage collection takes them with a deleted Backup. */
  private static OwnerReference owner(Backup backup) {
    return new OwnerReferenceBuilder().withApiVersion(backup.getApiVersion()).withKind(backup.getKind())
        .withName(backup.getMetadata().getName()).withUid(backup.getMetadata().getUid()).withController(true)
        .withBlockOwnerDeletion(false).build();
  }
}
