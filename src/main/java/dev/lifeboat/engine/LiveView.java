package dev.lifeboat.engine;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Repository;
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
}
