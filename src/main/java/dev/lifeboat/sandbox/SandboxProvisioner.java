package dev.lifeboat.sandbox;

import dev.lifeboat.FileTrees;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Plays a dynamic provisioner and the PV controller for the sandbox's default StorageClass {@code standard}: a claim
 * created through the API (kubectl, a restore, a StatefulSet's template) gets a PersistentVolume {@code pvc-<uid>}
 * with a folder under {@code DIR/pvc}, and is Bound to it; a deleted claim's volume is reclaimed as its policy says
 * (Delete: the PV and the folder go).
 */
public final class SandboxProvisioner implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SandboxProvisioner.class.getName());
  private final KubernetesClient client;
  private final SandboxPaths paths;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "sandbox-provisioner");
    t.setDaemon(true);
    return t;
  });
  private SharedIndexInformer<PersistentVolumeClaim> informer;
  /** Where a VolumeSnapshot's data is, for claims made from one (null: no snapshots served). */
  private final SandboxSnapshotter snapshots;

  public SandboxProvisioner(KubernetesClient client, SandboxPaths paths, SandboxSnapshotter snapshots) {
    this.client = client;
    this.paths = paths;
    this.snapshots = snapshots;
  }

  public void start() {
    client.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata()
        .withName(SandboxPvcs.STORAGE_CLASS)
        .addToAnnotations("storageclass.kubernetes.io/is-default-class", "true").endMetadata()
        .withProvisioner(SandboxPvcs.PROVISIONER).withReclaimPolicy("Delete").withVolumeBindingMode("Immediate")
        .withAllowVolumeExpansion(true).build()).create();
    informer = client.persistentVolumeClaims().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(PersistentVolumeClaim claim) {
        worker.execute(() -> provision(claim));
      }

      @Override
      public void onUpdate(PersistentVolumeClaim oldClaim, PersistentVolumeClaim claim) {
        worker.execute(() -> provision(claim));
      }

      @Override
      public void onDelete(PersistentVolumeClaim claim, boolean unknown) {
        worker.execute(() -> reclaim(claim));
      }
    });
  }

  private void provision(PersistentVolumeClaim event) {
    String ns = event.getMetadata().getNamespace();
    try {
      PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(ns).withName(event.getMetadata().getName()).get();
      if (claim == null || claim.getMetadata().getDeletionTimestamp() != null || claim.getSpec().getVolumeName() != null
          || claim.getStatus() != null && "Bound".equals(claim.getStatus().getPhase())) {
        return;
      }
      String storageClass = claim.getSpec().getStorageClassName();
      if (storageClass != null && !storageClass.isEmpty() && !SandboxPvcs.STORAGE_CLASS.equals(storageClass)) {
        return; // no provisioner for it: Pending, as in a cluster
      }
      Path from = null;
      var source = claim.getSpec().getDataSource();
      if (source != null) {
        from = sourceData(ns, source);
        if (from == null) {
          // A snapshot not ready yet, a source claim not bound yet: the external provisioner waits, and so does this.
          CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS, worker).execute(() -> provision(claim));
          return;
        }
      }
      Path data = paths.pvc(ns, claim.getMetadata().getName());
      Files.createDirectories(data);
      if (from != null) {
        FileTrees.copy(from, data); // a clone, or a volume made from a snapshot: its data at once, as CSI's
      }
      String volume = "pvc-" + claim.getMetadata().getUid();
      client.persistentVolumes().resource(SandboxPvcs.volume(volume, claim, data, null)).create();
      claim.getSpec().setVolumeName(volume);
      claim.getSpec().setStorageClassName(SandboxPvcs.STORAGE_CLASS);
      if (claim.getMetadata().getAnnotations() == null) {
        claim.getMetadata().setAnnotations(new java.util.HashMap<>());
      }
      claim.getMetadata().getAnnotations().put(SandboxPvcs.PATH_ANNOTATION, data.toString());
      claim.getMetadata().getAnnotations().put("pv.kubernetes.io/bind-completed", "yes");
      claim.getMetadata().getAnnotations().put("volume.kubernetes.io/storage-provisioner", SandboxPvcs.PROVISIONER);
      SandboxPvcs.bound(client, client.persistentVolumeClaims().inNamespace(ns).resource(claim).update());
    } catch (KubernetesClientException | IOException e) {
      LOG.log(Level.WARNING, "sandbox could not provision claim " + ns + "/" + event.getMetadata().getName(), e);
    }
  }

  /** The folder a claim's dataSource holds (a bound claim's, a ready VolumeSnapshot's), or null while there is none. */
  private Path sourceData(String ns, io.fabric8.kubernetes.api.model.TypedLocalObjectReference source) {
    if ("PersistentVolumeClaim".equals(source.getKind())) {
      PersistentVolumeClaim from = client.persistentVolumeClaims().inNamespace(ns).withName(source.getName()).get();
      String path = from == null || from.getMetadata().getAnnotations() == null ? null
          : from.getMetadata().getAnnotations().get(SandboxPvcs.PATH_ANNOTATION);
      return path == null ? null : Path.of(path);
    }
    if ("VolumeSnapshot".equals(source.getKind()) && snapshots != null) {
      return snapshots.readyData(ns, source.getName());
    }
    return null;
  }

  /** The volume of a deleted claim: with policy Delete, the PV and its folder go. */
  private void reclaim(PersistentVolumeClaim claim) {
    String volume = claim.getSpec().getVolumeName();
    if (volume == null) {
      return;
    }
    try {
      PersistentVolume pv = client.persistentVolumes().withName(volume).get();
      if (pv == null || !"Delete".equals(pv.getSpec().getPersistentVolumeReclaimPolicy()) || pv.getSpec().getClaimRef() == null
          || !java.util.Objects.equals(claim.getMetadata().getUid(), pv.getSpec().getClaimRef().getUid())) {
        return;
      }
      client.persistentVolumes().withName(volume).delete();
      String path = pv.getMetadata().getAnnotations() == null ? null : pv.getMetadata().getAnnotations().get(SandboxPvcs.PATH_ANNOTATION);
      // A claim of the same name made since owns the folder now: leave it.
      boolean reused = client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace())
          .withName(claim.getMetadata().getName()).get() != null;
      if (path != null && !reused && Path.of(path).startsWith(paths.root()) && Files.exists(Path.of(path))) {
        FileTrees.delete(Path.of(path));
      }
    } catch (KubernetesClientException | IOException e) {
      LOG.log(Level.WARNING, "sandbox could not reclaim volume " + volume, e);
    }
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.stop();
    }
    worker.shutdownNow();
  }
}
