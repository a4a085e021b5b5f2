package dev.lifeboat.engine;

import dev.lifeboat.api.BackupSource;
import dev.lifeboat.cluster.ClusterView;
import dev.lifeboat.lifecycle.Tenancy;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;

/**
 * Which images a {@code command} source may run: its program runs in a container of its own, without the
 * repository's secrets, but still on the cluster's nodes as the Jobs' pod. lifeboat's own image always; an image
 * the installation allows ({@code install --allowed-image}) anywhere; any other only in a namespace annotated
 * {@value Tenancy#CUSTOM_IMAGES}{@code ="true"} (by whoever may annotate namespaces: the platform team) or in
 * lifeboat's own namespace.
 */
public final class ImagePolicy {
  private ImagePolicy() {}

  /** Why the source's image may not run in {@code namespace}, or null (not a command source, or allowed). */
  public static String problem(ClusterView live, String namespace, BackupSource source, Tenancy tenancy,
      String ownImage) {
    if (source == null || source.kind() != BackupSource.Kind.command || source.command.image == null
        || source.command.image.isBlank()) {
      return null;
    }
    String image = source.command.image;
    if (tenancy.mayRun(image, ownImage, namespace, Map.of())) {
      return null;
    }
    Map<String, String> annotations = Map.of();
    try {
      Namespace ns = live.get(Namespace.class, null, namespace);
      annotations = ns == null || ns.getMetadata().getAnnotations() == null ? Map.of() : ns.getMetadata().getAnnotations();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403 && e.getCode() != 404) {
        throw e;
      }
    }
    if (tenancy.mayRun(image, ownImage, namespace, annotations)) {
      return null;
    }
    return "source.command.image \"" + image + "\" may not run in namespace " + namespace + ": a command source runs"
        + " lifeboat's image, an image the installation allows (install --allowed-image), or any image where the"
        + " namespace is annotated " + Tenancy.CUSTOM_IMAGES + "=true; leave --image out, or ask the platform team";
  }
}
