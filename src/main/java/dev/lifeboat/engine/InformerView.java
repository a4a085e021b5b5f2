package dev.lifeboat.engine;

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
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A {@link ClusterView} over informer caches: no API request per read. */
final class InformerView implements ClusterView {
  static final String PODS_BY_JOB = "byJob";

  /** The caches the controller keeps; built by {@link WatchController}. */
  record Caches(
      SharedIndexInformer<Repository> repositories,
      SharedIndexInformer<Backup> backups,
      SharedIndexInformer<Restore> restores,
      SharedIndexInformer<Job> jobs,
      SharedIndexInformer<Pod> pods,
      SharedIndexInformer<PersistentVolumeClaim> pvcs,
      SharedIndexInformer<Lease> leases,
      SharedIndexInformer<Deployment> deployments,
      SharedIndexInformer<StatefulSet> statefulSets,
      SharedIndexInformer<ConfigMap> configMaps) {}

  private final Caches c;

  InformerView(Caches caches) {
    this.c = caches;
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  @Override
  public Repository repository(String namespace, String name) {
    return c.repositories().getIndexer().getByKey(key(namespace, name));
  }

  @Override
  public Backup backup(String namespace, String name) {
    return c.backups().getIndexer().getByKey(key(namespace, name));
  }

  @Override
  public Job job(String namespace, String name) {
    return c.jobs().getIndexer().getByKey(key(namespace, name));
  }

  @Override
  public List<Pod> podsOfJob(String namespace, String jobName) {
    return c.pods().getIndexer().byIndex(PODS_BY_JOB, key(namespace, jobName));
  }

  @Override
  public PersistentVolumeClaim pvc(String namespace, String name) {
    return c.pvcs().getIndexer().getByKey(key(namespace, name));
  }

  @Override
  public Restore restore(String namespace, String name) {
    return c.restores().getIndexer().getByKey(key(namespace, name));
  }

  @Override
  public Lease lease(String namespace, String name) {
    return c.leases().getIndexer().getByKey(key(namespace, name));
  }

  @Override
  public HasMetadata workload(String namespace, String kind, String name) {
    return "deployment".equals(kind) ? c.deployments().getIndexer().getByKey(key(namespace, name))
        : c.statefulSets().getIndexer().getByKey(key(namespace, name));
  }

  @Override
  public List<HasMetadata> workloadsMatching(String namespace, Map<String, String> selector) {
    List<HasMetadata> matches = new ArrayList<>();
    for (HasMetadata w : c.deployments().getIndexer().byIndex("namespace", namespace)) {
      if (Selectors.matches(w, selector)) {
        matches.add(w);
      }
    }
    for (HasMetadata w : c.statefulSets().getIndexer().byIndex("namespace", namespace)) {
      if (Selectors.matches(w, selector)) {
        matches.add(w);
      }
    }
    return matches;
  }

  @Override
  public ConfigMap configMap(String namespace, String name) {
    return c.configMaps().getIndexer().getByKey(key(namespace, name));
  }

  @Override
  public boolean othersUsing(String namespace, String pvc, String kind, String name) {
    return PvcUsers.othersUsing(c.backups().getIndexer().byIndex("namespace", namespace),
        c.restores().getIndexer().byIndex("namespace", namespace), pvc, kind, name);
  }
}
