package dev.lifeboat.engine;

import dev.lifeboat.cluster.ClusterView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A {@link ClusterView} over informer caches: no API request per read. */
final class InformerView implements ClusterView {
  static final String PODS_BY_JOB = "byJob";

  private final Map<Class<?>, SharedIndexInformer<?>> informers;

  /** @param informers one informer per kind the reconcilers read, built by {@link WatchController} */
  InformerView(Map<Class<?>, SharedIndexInformer<?>> informers) {
    this.informers = informers;
  }

  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> SharedIndexInformer<T> informer(Class<T> type) {
    SharedIndexInformer<T> informer = (SharedIndexInformer<T>) informers.get(type);
    if (informer == null) {
      throw new IllegalStateException("no informer for " + type.getSimpleName() + ": add it to the kinds' dependencies (kinds.Kinds)");
    }
    return informer;
  }

  @Override
  public boolean caches(Class<? extends HasMetadata> type) {
    return informers.containsKey(type);
  }

  @Override
  public <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
    return informer(type).getIndexer().getByKey(namespace + "/" + name);
  }

  @Override
  public <T extends HasMetadata> List<T> list(Class<T> type, String namespace) {
    var indexer = informer(type).getIndexer();
    return new ArrayList<>(namespace == null ? indexer.list() : indexer.byIndex("namespace", namespace));
  }

  @Override
  public List<Pod> podsOfJob(String namespace, String jobName) {
    return informer(Pod.class).getIndexer().byIndex(PODS_BY_JOB, namespace + "/" + jobName);
  }
}
