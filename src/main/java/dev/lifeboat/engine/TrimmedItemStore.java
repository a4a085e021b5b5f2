package dev.lifeboat.engine;

import dev.lifeboat.cluster.Scopes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.function.UnaryOperator;

/**
 * An informer's store that keeps objects without what the engine never reads: always
 * {@code metadata.managedFields} (server-side apply's bookkeeping, often a third of an object on a
 * real API server), and whatever the kind's {@link Scopes#trim} cuts (a Job's or Pod's pod spec).
 * Trimmed in place, as the informer stores it: its handlers get the trimmed object too. Typed objects
 * with fields set to null, not fabric8's ReducedStateItemStore, which keeps generic maps (twice the
 * memory at 10,000 Jobs and Pods) and converts them back on every read.
 */
final class TrimmedItemStore<T extends HasMetadata> extends BasicItemStore<T> {
  private final UnaryOperator<T> trim;

  TrimmedItemStore(UnaryOperator<T> trim) {
    super(Cache::metaNamespaceKeyFunc);
    this.trim = trim;
  }

  @Override
  public T put(String key, T object) {
    if (object.getMetadata() != null) {
      object.getMetadata().setManagedFields(null);
    }
    return super.put(key, trim.apply(object));
  }
}
