package dev.lifeboat.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** The work-queue key: one lifeboat object, by its kind's name ("Backup", "Restore", ...). */
public record ResourceKey(String kind, String namespace, String name) {
  public static ResourceKey of(HasMetadata object) {
    return new ResourceKey(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  /** Any kind's key ("Lease", "ConfigMap", "Deployment"): what the engine's record of its own writes files a write under. */
  public static ResourceKey of(Class<? extends HasMetadata> type, String namespace, String name) {
    return new ResourceKey(HasMetadata.getKind(type), namespace, name);
  }

  @Override
  public String toString() {
    return kind + "/" + namespace + "/" + name;
  }
}
