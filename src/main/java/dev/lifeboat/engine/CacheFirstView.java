package dev.lifeboat.engine;

import dev.lifeboat.cluster.Scopes;
import dev.lifeboat.cluster.ClusterView;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * Reads kinds the engine caches whole (every object, not only lifeboat's) from the cache, and all
 * others live: what a HibernatePlan's targets look like, pass after pass, at no API cost for
 * Deployments and StatefulSets. Decisions that would record a failure are confirmed live (see
 * {@link HibernateReconciler}); captures, the records that matter, are always read live.
 */
public final class CacheFirstView implements ClusterView {
  private final ClusterView cache;
  private final ClusterView live;

  public CacheFirstView(ClusterView cache, ClusterView live) {
    this.cache = cache;
    this.live = live;
  }

  private ClusterView source(Class<? extends HasMetadata> type) {
    return cache.caches(type) && Scopes.labelOf(type) == null ? cache : live;
  }

  @Override
  public <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
    return source(type).get(type, namespace, name);
  }

  @Override
  public <T extends HasMetadata> List<T> list(Class<T> type, String namespace) {
    return source(type).list(type, namespace);
  }

  @Override
  public <T extends HasMetadata> List<T> listAll(Class<T> type, String namespace) {
    return source(type).listAll(type, namespace);
  }

  @Override
  public List<GenericKubernetesResource> listGeneric(String apiVersion, String kind, String namespace) {
    return live.listGeneric(apiVersion, kind, namespace);
  }

  @Override
  public GenericKubernetesResource getGeneric(String apiVersion, String kind, String namespace, String name) {
    return live.getGeneric(apiVersion, kind, namespace, name);
  }

  @Override
  public List<Pod> podsOfJob(String namespace, String jobName) {
    return cache.podsOfJob(namespace, jobName);
  }
}
