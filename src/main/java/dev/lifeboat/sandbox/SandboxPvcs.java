package dev.lifeboat.sandbox;

import dev.lifeboat.FileTrees;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Sandbox claims: a bound PVC object whose volume is a local folder. */
public final class SandboxPvcs {
  public static final String PATH_ANNOTATION = "sandbox.lifeboat.dev/path";

  private SandboxPvcs() {}

  public static PersistentVolumeClaim create(KubernetesClient client, SandboxPaths paths, String namespace, String name,
      Path fromDir) throws IOException {
    return create(client, paths, namespace, name, fromDir, Map.of());
  }

  /** @param labels the claim's labels (what a Schedule's pvcSelector matches) */
  public static PersistentVolumeClaim create(KubernetesClient client, SandboxPaths paths, String namespace, String name,
      Path fromDir, Map<String, String> labels) throws IOException {
    Path data = paths.pvc(namespace, name);
    Files.createDirectories(data);
    if (fromDir != null) {
      FileTrees.copy(fromDir, data);
    }
    PersistentVolumeClaim pvc = new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels.isEmpty() ? null : labels)
          .addToAnnotations(PATH_ANNOTATION, data.toString()).endMetadata()
        .withNewSpec().withAccessModes("ReadWriteOnce").withVolumeName("sandbox-" + namespace + "-" + name)
          .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec()
        .build();
    PersistentVolumeClaim created = client.persistentVolumeClaims().inNamespace(namespace).resource(pvc).create();
    created.setStatus(new PersistentVolumeClaimStatusBuilder().withPhase("Bound").withAccessModes("ReadWriteOnce")
        .addToCapacity("storage", new Quantity("1Gi")).build());
    return client.persistentVolumeClaims().inNamespace(namespace).resource(created).updateStatus();
  }
}
