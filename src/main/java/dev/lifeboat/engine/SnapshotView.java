package dev.lifeboat.engine;

import dev.lifeboat.cluster.LiveView;
import dev.lifeboat.cluster.ClusterView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Set;

/**
 * {@code reconcile --once}: one LIST per kind, taken the first time the pass reads that kind, then
 * served from memory for the rest of the pass. Kinds read by name only rarely (Leases, workloads,
 * restore data) are read live: listing them cluster-wide would cost more than the few GETs.
 */
final class SnapshotView implements ClusterView {
  private final LiveView live;
  private final String namespace;
  private final Set<Class<?>> listed;
  /** Per kind listed so far: namespace/name → object. */
  private final Map<Class<?>, Map<String, ? extends HasMetadata>> lists = new HashMap<>();

  /**
   * @param namespace the pass's scope, or null for all namespaces
   * @param listed the kinds to take one LIST of; others are read live
   */
  SnapshotView(LiveView live, String namespace, Set<Class<?>> listed) {
    this.live = live;
    this.namespace = namespace;
    this.listed = listed;
  }

  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> Map<String, T> all(Class<T> type) {
    return (Map<String, T>) lists.computeIfAbsent(type, t -> {
      Map<String, T> byKey = new LinkedHashMap<>();
      for (T item : live.list(type, namespace)) {
        byKey.put(item.getMetadata().getNamespace() + "/" + item.getMetadata().getName(), item);
      }
      return byKey;
    });
  }

  @Override
  public boolean caches(Class<? extends HasMetadata> type) {
    return listed.contains(type);
  }

  @Override
  public <T extends HasMetadata> T get(Class<T> type, String ns, String name) {
    if (!listed.contains(type)) {
      return live.get(type, ns, name);
    }
    return all(type).get(ns + "/" + name);
  }

  @Override
  public <T extends HasMetadata> List<T> list(Class<T> type, String ns) {
    if (!listed.contains(type)) {
      return live.list(type, ns);
    }
    List<T> matching = new ArrayList<>();
    for (T item : all(type).values()) {
      if (ns == null || ns.equals(item.getMetadata().getNamespace())) {
        matching.add(item);
      }
    }
    return matching;
  }

  @Override
  public List<Pod> podsOfJob(String ns, String jobName) {
    List<Pod> pods = new ArrayList<>();
    for (Pod p : list(Pod.class, ns)) {
      if (p.getMetadata().getLabels() != null && jobName.equals(p.getMetadata().getLabels().get("job-name"))) {
        pods.add(p);
      }
    }
    return pods;
  }
}
