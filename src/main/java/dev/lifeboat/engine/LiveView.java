package dev.lifeboat.engine;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.Restore;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.util.Map;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** Reads straight from the API server: for confirmations a cache cannot give (is it really gone?). */
public final class LiveView implements ClusterView {
  private final KubernetesClient client;

  public LiveView(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Repository repository(String namespace, String name) {
    return client.resources(Repository.class).inNamespace(namespace).withName(name).get();
  }

  @Override
  public Backup backup(String namespace, String name) {
    return client.resources(Backup.class).inNamespace(namespace).withName(name).get();
  }

  @Override
  public Job job(String namespace, String name) {
    return client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
  }

  @Override
  public List<Pod> podsOfJob(String namespace, String jobName) {
    return client.pods().inNamespace(namespace).withLabel("job-name", jobName).list().getItems();
  }

  @Override
  public PersistentVolumeClaim pvc(String namespace, String name) {
    return client.persistentVolumeClaims().inNamespace(namespace).withName(name).get();
  }

  @Override
  public Restore restore(String namespace, String name) {
    return client.resources(Restore.class).inNamespace(namespace).withName(name).get();
  }

  @Override
  public Lease lease(String namespace, String name) {
    return client.leases().inNamespace(namespace).withName(name).get();
  }

  @Override
  public HasMetadata workload(String namespace, String kind, String name) {
    return "deployment".equals(kind) ? client.apps().deployments().inNamespace(namespace).withName(name).get()
        : client.apps().statefulSets().inNamespace(namespace).withName(name).get();
  }

  @Override
  public List<HasMetadata> workloadsMatching(String namespace, Map<String, String> selector) {
    List<HasMetadata> all = new java.util.ArrayList<>();
    all.addAll(client.apps().deployments().inNamespace(namespace).withLabels(selector).list().getItems());
    all.addAll(client.apps().statefulSets().inNamespace(namespace).withLabels(selector).list().getItems());
    return all;
  }

  @Override
  public ConfigMap configMap(String namespace, String name) {
    return client.configMaps().inNamespace(namespace).withName(name).get();
  }

  @Override
  public boolean othersUsing(String namespace, String pvc, String kind, String name) {
    return PvcUsers.othersUsing(client.resources(Backup.class).inNamespace(namespace).list().getItems(),
        client.resources(Restore.class).inNamespace(namespace).list().getItems(), pvc, kind, name);
  }
}
