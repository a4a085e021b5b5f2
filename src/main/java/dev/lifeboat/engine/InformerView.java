package dev.lifeboat.engine;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Repository;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;

/** A {@link ClusterView} over informer caches: no API request per read. */
final class InformerView implements ClusterView {
  static final String PODS_BY_JOB = "byJob";

  private final SharedIndexInformer<Repository> repositories;
  private final SharedIndexInformer<Backup> backups;
  private final SharedIndexInformer<Job> jobs;
  private final SharedIndexInformer<Pod> pods;
  private final SharedIndexInformer<PersistentVolumeClaim> pvcs;

  InformerView(SharedIndexInformer<Repository> repositories, SharedIndexInformer<Backup> backups,
      SharedIndexInformer<Job> jobs, SharedIndexInformer<Pod> pods, SharedIndexInformer<PersistentVolumeClaim> pvcs) {
    this.repositories = repositories;
    this.backups = backups;
    this.jobs = jobs;
    this.pods = pods;
    this.pvcs = pvcs;
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  @Override
  public Repository repository(String namespace, String name) {
    return repositories.getIndexer().getByKey(key(namespace, name));
  }

  @Override
  public Backup backup(String namespace, String name) {
    return backups.getIndexer().getByKey(key(namespace, name));
  }

  @Override
  public Job job(String namespace, String name) {
    return jobs.getIndexer().getByKey(key(namespace, name));
  }

  @Override
  public List<Pod> podsOfJob(String namespace, String jobName) {
    return pods.getIndexer().byIndex(PODS_BY_JOB, key(namespace, jobName));
  }

  @Override
  public PersistentVolumeClaim pvc(String namespace, String name) {
    return pvcs.getIndexer().getByKey(key(namespace, name));
  }
}
