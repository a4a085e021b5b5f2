package dev.lifeboat.cluster;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.Restore;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * What the engine reads: an informer cache, a one-pass snapshot, or live GETs. Two generic reads
 * serve every kind, so a new kind needs no new method here; the named ones are shorthands.
 * Null = absent.
 */
public interface ClusterView {
  /** Whether this view keeps its own copy of {@code type} (a cache, a pass's one list), rather than asking the server. */
  default boolean caches(Class<? extends HasMetadata> type) {
    return false;
  }

  /** One object of any kind (lifeboat's or Kubernetes'), or null. */
  <T extends HasMetadata> T get(Class<T> type, String namespace, String name);

  /** Every object of the kind in the namespace (null: all namespaces), any order. */
  <T extends HasMetadata> List<T> list(Class<T> type, String namespace);

  /**
   * Every object of the kind in the namespace, also those lifeboat did not make: caches keep only
   * lifeboat's own Jobs, Pods, ConfigMaps and CronJobs, so on a cached view this is {@link #list}.
   */
  default <T extends HasMetadata> List<T> listAll(Class<T> type, String namespace) {
    return list(type, namespace);
  }

  /**
   * Objects of any kind by apiVersion and kind (a Karpenter NodePool, a patch target), namespaced or
   * (namespace null) cluster-wide. Only live reads serve these: no cache is kept of foreign kinds.
   *
   * @throws UnsupportedOperationException on a cached view
   * @throws KubernetesClientException when the cluster does not serve the kind
   */
  default List<GenericKubernetesResource> listGeneric(String apiVersion, String kind,
      String namespace) {
    throw new UnsupportedOperationException("only a live view reads " + kind);
  }

  /**
   * One object of any kind by apiVersion and kind (a VolumeSnapshot), or null when there is none. Live reads only.
   *
   * @throws KubernetesClientException when the cluster does not serve the kind
   */
  default GenericKubernetesResource getGeneric(String apiVersion, String kind, String namespace, String name) {
    throw new UnsupportedOperationException("only a live view reads " + kind);
  }

  /** Pods of a Job (label {@code job-name}), any order. */
  List<Pod> podsOfJob(String namespace, String jobName);

  /**
   * The Warning Events about the object {@code name} of the namespace (a pod's FailedAttachVolume, a Job's
   * FailedCreate), newest last; only the API has them (no cache keeps Events): empty elsewhere.
   */
  default List<io.fabric8.kubernetes.api.model.Event> warningsAbout(String namespace, String name) {
    return List.of();
  }

  default Repository repository(String namespace, String name) {
    return get(Repository.class, namespace, name);
  }

  default Backup backup(String namespace, String name) {
    return get(Backup.class, namespace, name);
  }

  default Restore restore(String namespace, String name) {
    return get(Restore.class, namespace, name);
  }

  default Job job(String namespace, String name) {
    return get(Job.class, namespace, name);
  }

  default PersistentVolumeClaim pvc(String namespace, String name) {
    return get(PersistentVolumeClaim.class, namespace, name);
  }

  default Lease lease(String namespace, String name) {
    return get(Lease.class, namespace, name);
  }

  default ConfigMap configMap(String namespace, String name) {
    return get(ConfigMap.class, namespace, name);
  }

  /** A Deployment or StatefulSet; {@code kind} is "deployment" or "statefulset". */
  default HasMetadata workload(String namespace, String kind, String name) {
    return "deployment".equals(kind) ? get(Deployment.class, namespace, name) : get(StatefulSet.class, namespace, name);
  }

  /** Deployments and StatefulSets whose labels match every entry of {@code selector}. */
  default List<HasMetadata> workloadsMatching(String namespace, Map<String, String> selector) {
    List<HasMetadata> matches = new ArrayList<>();
    for (Deployment d : list(Deployment.class, namespace)) {
      if (Selectors.matches(d, selector)) {
        matches.add(d);
      }
    }
    for (StatefulSet s : list(StatefulSet.class, namespace)) {
      if (Selectors.matches(s, selector)) {
        matches.add(s);
      }
    }
    return matches;
  }
}
