package dev.lifeboat.engine;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.Restore;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** One LIST per kind, taken at the start of a {@code reconcile --once} pass. */
final class SnapshotView implements ClusterView {
  final Map<String, Repository> repositories;
  final Map<String, Backup> backups;
  final Map<String, Restore> restores;
  /** Leases, workloads and restore data are read live: a once pass touches few of them. */
  private final LiveView live;
  private final Map<String, Job> jobs;
  private final Map<String, List<Pod>> podsByJob;
  private final Map<String, PersistentVolumeClaim> pvcs;

  SnapshotView(KubernetesClient client, String namespace) {
    boolean all = namespace == null;
    live = new LiveView(client);
    restores = index(all ? client.resources(Restore.class).inAnyNamespace().list().getItems()
        : client.resources(Restore.class).inNamespace(namespace).list().getItems());
    repositories = index(all ? client.resources(Repository.class).inAnyNamespace().list().getItems()
        : client.resources(Repository.class).inNamespace(namespace).list().getItems());
    backups = index(all ? client.resources(Backup.class).inAnyNamespace().list().getItems()
        : client.resources(Backup.class).inNamespace(namespace).list().getItems());
    jobs = index(all ? client.batch().v1().jobs().inAnyNamespace().withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list().getItems()
        : client.batch().v1().jobs().inNamespace(namespace).withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list().getItems());
    List<Pod> pods = all ? client.pods().inAnyNamespace().withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list().getItems()
        : client.pods().inNamespace(namespace).withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list().getItems();
    podsByJob = pods.stream().filter(p -> p.getMetadata().getLabels() != null && p.getMetadata().getLabels().get("job-name") != null)
        .collect(Collectors.groupingBy(p -> key(p.getMetadata().getNamespace(), p.getMetadata().getLabels().get("job-name"))));
    pvcs = index(all ? client.persistentVolumeClaims().inAnyNamespace().list().getItems()
        : client.persistentVolumeClaims().inNamespace(namespace).list().getItems());
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  private static <T extends HasMetadata> Map<String, T> index(Collection<T> items) {
    return new HashMap<>(items.stream().collect(Collectors.toMap(
        i -> key(i.getMetadata().getNamespace(), i.getMetadata().getName()), Function.identity())));
  }

  @Override
  public Repository repository(String namespace, String name) {
    return repositories.get(key(namespace, name));
  }

  @Override
  public Backup backup(String namespace, String name) {
    return backups.get(key(namespace, name));
  }

  @Override
  public Job job(String namespace, String name) {
    return jobs.get(key(namespace, name));
  }

  @Override
  public List<Pod> podsOfJob(String namespace, String jobName) {
    return new ArrayList<>(podsByJob.getOrDefault(key(namespace, jobName), List.of()));
  }

  @Override
  public PersistentVolumeClaim pvc(String namespace, String name) {
    return pvcs.get(key(namespace, name));
  }

  @Override
  public Restore restore(String namespace, String name) {
    return restores.get(key(namespace, name));
  }

  @Override
  public Lease lease(String namespace, String name) {
    return live.lease(namespace, name);
  }

  @Override
  public HasMetadata workload(String namespace, String kind, String name) {
    return live.workload(namespace, kind, name);
  }

  @Override
  public List<HasMetadata> workloadsMatching(String namespace, Map<String, String> selector) {
    return live.workloadsMatching(namespace, selector);
  }

  @Override
  public ConfigMap configMap(String namespace, String name) {
    return live.configMap(namespace, name);
  }

  @Override
  public boolean othersUsing(String namespace, String pvc, String kind, String name) {
    return PvcUsers.othersUsing(backups.values().stream().filter(b -> namespace.equals(b.getMetadata().getNamespace())).toList(),
        restores.values().stream().filter(r -> namespace.equals(r.getMetadata().getNamespace())).toList(), pvc, kind, name);
  }
}
