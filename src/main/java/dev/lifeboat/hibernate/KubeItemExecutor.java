package dev.lifeboat.hibernate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.cluster.ApiWriter;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Kubernetes objects as targets: stopped and restored by JSON merge patches, guarded by the version read. */
abstract class KubeItemExecutor extends ItemExecutor<HasMetadata> {
  /** The merge patch that puts the object to rest. */
  abstract String restPatch(HasMetadata item, HibernateTarget t);

  /** The merge patch that puts the saved fields back. */
  abstract String wakePatch(HasMetadata item, JsonNode saved, HibernateTarget t);

  @Override
  final void stop(ApiWriter writer, HasMetadata item, HibernateTarget t) {
    write(writer, item, restPatch(item, t));
  }

  @Override
  final void restore(ApiWriter writer, HasMetadata item, JsonNode saved, HibernateTarget t) {
    write(writer, item, wakePatch(item, saved, t));
  }

  @Override
  final RuntimeException readFailure(RuntimeException e) {
    if (e instanceof KubernetesClientException k) {
      if (k.getCode() == 403) {
        return new TargetException("forbidden to read: " + k.getStatus().getMessage(), k);
      }
      // 404, or no code at all: discovery found no such kind (fabric8 says "Could not find the metadata ...").
      if (k.getCode() == 404 || k.getCode() <= 0) {
        return new TargetException("the cluster does not serve this kind (is its CRD installed?): " + k.getMessage(), k);
      }
    }
    return e;
  }

  private static void write(ApiWriter writer, HasMetadata item, String patch) {
    try {
      writer.mergePatch(item, patch);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return; // gone meanwhile: nothing left to stop or wake
      }
      throw new TargetException(item.getKind() + " " + item.getMetadata().getName() + ": " + (e.getStatus() == null
          ? e.getMessage() : e.getStatus().getMessage()), e);
    }
  }
}
