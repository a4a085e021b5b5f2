package dev.lifeboat.sandbox;

import dev.lifeboat.FileTrees;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Plays the CSI external-snapshotter and the sandbox driver's snapshots: serves the {@code snapshot.storage.k8s.io/v1}
 * CRDs (VolumeSnapshot, VolumeSnapshotContent, VolumeSnapshotClass) with a default class {@value #CLASS} for the
 * sandbox's driver, and for each new VolumeSnapshot copies its claim's folder to {@code DIR/snapshots/<uid>} at that
 * instant, binds a VolumeSnapshotContent to it and sets its status (creationTime, readyToUse, restoreSize), or its
 * {@code status.error} (no such claim, no class for it). A deleted VolumeSnapshot's content and folder go (deletion
 * policy Delete). {@link SandboxProvisioner} fills claims whose dataSource is one.
 *
 * <p>Unlike a CSI snapshot, the copy is not atomic: a file written while it is taken may be caught mid-write. That
 * is what the hooks are for; the sandbox does not make it look better than a crash-consistent snapshot.
 */
public final class SandboxSnapshotter implements AutoCloseable {
  public static final String CLASS = "sandbox-snapshots";
  static final String GROUP = "snapshot.storage.k8s.io";
  static final String API = GROUP + "/v1";
  private static final Logger LOG = Logger.getLogger(SandboxSnapshotter.class.getName());
  private final KubernetesClient client;
  private final SandboxPaths paths;
  private final Clock clock;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "sandbox-snapshotter");
    t.setDaemon(true);
    return t;
  });
  private SharedIndexInformer<GenericKubernetesResource> informer;

  public SandboxSnapshotter(KubernetesClient client, SandboxPaths paths, Clock clock) {
    this.client = client;
    this.paths = paths;
    this.clock = clock;
  }

  /** The folder a VolumeSnapshotContent's data is kept in. */
  Path folder(String snapshotHandle) {
    return paths.root().resolve("snapshots").resolve(snapshotHandle);
  }

  public void start() {
    for (CustomResourceDefinition crd : List.of(
        crd("VolumeSnapshot", "volumesnapshots", "Namespaced", "vs", column("ReadyToUse", "boolean", ".status.readyToUse"),
            column("SourcePVC", "string", ".spec.source.persistentVolumeClaimName"),
            column("RestoreSize", "string", ".status.restoreSize"),
            column("SnapshotClass", "string", ".spec.volumeSnapshotClassName"),
            column("SnapshotContent", "string", ".status.boundVolumeSnapshotContentName"),
            column("CreationTime", "date", ".status.creationTime")),
        crd("VolumeSnapshotContent", "volumesnapshotcontents", "Cluster", "vsc",
            column("ReadyToUse", "boolean", ".status.readyToUse"), column("DeletionPolicy", "string", ".spec.deletionPolicy"),
            column("Driver", "string", ".spec.driver"), column("VolumeSnapshot", "string", ".spec.volumeSnapshotRef.name")),
        crd("VolumeSnapshotClass", "volumesnapshotclasses", "Cluster", "vsclass",
            column("Driver", "string", ".driver"), column("DeletionPolicy", "string", ".deletionPolicy")))) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
    GenericKubernetesResource defaultClass = new GenericKubernetesResourceBuilder().withApiVersion(API)
        .withKind("VolumeSnapshotClass").withNewMetadata().withName(CLASS)
        .addToAnnotations("snapshot.storage.kubernetes.io/is-default-class", "true").endMetadata().build();
    defaultClass.setAdditionalProperty("driver", SandboxPvcs.PROVISIONER);
    defaultClass.setAdditionalProperty("deletionPolicy", "Delete");
    client.genericKubernetesResources(API, "VolumeSnapshotClass").resource(defaultClass).create();
    informer = client.genericKubernetesResources(API, "VolumeSnapshot").inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(GenericKubernetesResource snapshot) {
        worker.execute(() -> take(snapshot));
      }

      @Override
      public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource snapshot) {
        worker.execute(() -> take(snapshot));
      }

      @Override
      public void onDelete(GenericKubernetesResource snapshot, boolean unknown) {
        worker.execute(() -> release(snapshot));
      }
    });
  }

  private static io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition column(String name,
      String type, String path) {
    return new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinitionBuilder().withName(name)
        .withType(type).withJsonPath(path).build();
  }

  /**
   * The CRD as the external-snapshotter ships it, reduced to its names, its printer columns, a status subresource and
   * open schemas.
   */
  private static CustomResourceDefinition crd(String kind, String plural, String scope, String shortName,
      io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition... columns) {
    return new CustomResourceDefinitionBuilder().withNewMetadata().withName(plural + "." + GROUP).endMetadata()
        .withNewSpec().withGroup(GROUP).withScope(scope).withNewNames().withKind(kind).withListKind(kind + "List")
        .withPlural(plural).withSingular(plural.substring(0, plural.length() - 1)).withShortNames(shortName).endNames()
        .addNewVersion().withName("v1").withServed(true).withStorage(true).withAdditionalPrinterColumns(columns)
        .withNewSubresources().withNewStatus().endStatus().endSubresources()
        .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema().endSchema().endVersion().endSpec().build();
  }

  @SuppressWarnings("unchecked")
  private void take(GenericKubernetesResource event) {
    String ns = event.getMetadata().getNamespace();
    String name = event.getMetadata().getName();
    try {
      GenericKubernetesResource snapshot = client.genericKubernetesResources(API, "VolumeSnapshot").inNamespace(ns)
          .withName(name).get();
      if (snapshot == null || snapshot.getMetadata().getDeletionTimestamp() != null
          || snapshot.getAdditionalProperties().get("status") != null) {
        return; // gone, or already taken (or failed): a snapshot is taken once
      }
      Instant at = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      Map<String, Object> spec = (Map<String, Object>) snapshot.getAdditionalProperties().getOrDefault("spec", Map.of());
      Map<String, Object> source = (Map<String, Object>) spec.getOrDefault("source", Map.of());
      String claimName = (String) source.get("persistentVolumeClaimName");
      String className = (String) spec.get("volumeSnapshotClassName");
      String problem = null;
      PersistentVolumeClaim claim = claimName == null ? null
          : client.persistentVolumeClaims().inNamespace(ns).withName(claimName).get();
      String data = claim == null || claim.getMetadata().getAnnotations() == null ? null
          : claim.getMetadata().getAnnotations().get(SandboxPvcs.PATH_ANNOTATION);
      if (claimName == null) {
        problem = "spec.source.persistentVolumeClaimName is required";
      } else if (claim == null || data == null) {
        problem = "PersistentVolumeClaim " + claimName + " not found or not bound";
      } else if (className != null && client.genericKubernetesResources(API, "VolumeSnapshotClass").withName(className)
          .get() == null) {
        problem = "VolumeSnapshotClass " + className + " not found";
      } else if (className == null) {
        // As the snapshot controller: the driver's default class is written into the spec.
        className = CLASS;
        spec = new LinkedHashMap<>(spec);
        spec.put("volumeSnapshotClassName", CLASS);
        snapshot.setAdditionalProperty("spec", spec);
        snapshot = client.genericKubernetesResources(API, "VolumeSnapshot").inNamespace(ns).resource(snapshot).update();
      }
      Map<String, Object> status = new LinkedHashMap<>();
      if (problem != null) {
        status.put("readyToUse", false);
        status.put("error", Map.of("message", "Failed to create snapshot: " + problem, "time", at.toString()));
      } else {
        String handle = "snapshot-" + snapshot.getMetadata().getUid();
        Path folder = folder(handle);
        Files.createDirectories(folder);
        FileTrees.copy(Path.of(data), folder);
        String content = "snapcontent-" + snapshot.getMetadata().getUid();
        createContent(content, handle, snapshot, className == null ? CLASS : className);
        status.put("boundVolumeSnapshotContentName", content);
        status.put("creationTime", at.toString());
        status.put("readyToUse", true);
        Quantity capacity = claim.getStatus() == null || claim.getStatus().getCapacity() == null ? null
            : claim.getStatus().getCapacity().get("storage");
        status.put("restoreSize", capacity == null ? "1Gi" : capacity.toString());
      }
      snapshot.setAdditionalProperty("status", status);
      client.genericKubernetesResources(API, "VolumeSnapshot").inNamespace(ns).resource(snapshot).updateStatus();
    } catch (KubernetesClientException | IOException e) {
      LOG.log(Level.WARNING, "sandbox could not take VolumeSnapshot " + ns + "/" + name, e);
    }
  }

  private void createContent(String name, String handle, GenericKubernetesResource snapshot, String className) {
    GenericKubernetesResource content = new GenericKubernetesResourceBuilder().withApiVersion(API)
        .withKind("VolumeSnapshotContent").withNewMetadata().withName(name).endMetadata().build();
    content.setAdditionalProperty("spec", Map.of("driver", SandboxPvcs.PROVISIONER, "deletionPolicy", "Delete",
        "volumeSnapshotClassName", className, "source", Map.of("snapshotHandle", handle),
        "volumeSnapshotRef", Map.of("kind", "VolumeSnapshot", "namespace", snapshot.getMetadata().getNamespace(),
            "name", snapshot.getMetadata().getName(), "uid", snapshot.getMetadata().getUid())));
    // Its status is a subresource: the create keeps none of it, as a real server's does.
    GenericKubernetesResource created = client.genericKubernetesResources(API, "VolumeSnapshotContent").resource(content)
        .create();
    created.setAdditionalProperty("status", Map.of("snapshotHandle", handle, "readyToUse", true,
        "creationTime", snapshotTimeNanos()));
    client.genericKubernetesResources(API, "VolumeSnapshotContent").resource(created).updateStatus();
  }

  private long snapshotTimeNanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** A deleted VolumeSnapshot: its content and the data go (deletionPolicy Delete). */
  private void release(GenericKubernetesResource snapshot) {
    String content = "snapcontent-" + snapshot.getMetadata().getUid();
    try {
      client.genericKubernetesResources(API, "VolumeSnapshotContent").withName(content).delete();
      Path folder = folder("snapshot-" + snapshot.getMetadata().getUid());
      if (Files.exists(folder)) {
        FileTrees.delete(folder);
      }
    } catch (KubernetesClientException | IOException e) {
      LOG.log(Level.WARNING, "sandbox could not delete " + content, e);
    }
  }

  /**
   * Where the data of the VolumeSnapshot {@code ns/name} is, when it is ready to use; null otherwise (the provisioner
   * then waits for it).
   */
  @SuppressWarnings("unchecked")
  Path readyData(String ns, String name) {
    GenericKubernetesResource snapshot = client.genericKubernetesResources(API, "VolumeSnapshot").inNamespace(ns)
        .withName(name).get();
    Object status = snapshot == null ? null : snapshot.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> s) || !Boolean.TRUE.equals(s.get("readyToUse"))) {
      return null;
    }
    Path folder = folder("snapshot-" + snapshot.getMetadata().getUid());
    return Files.isDirectory(folder) ? folder : null;
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.stop();
    }
    worker.shutdownNow();
  }
}
