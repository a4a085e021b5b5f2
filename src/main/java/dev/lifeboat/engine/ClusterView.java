package dev.lifeboat.engine;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Repository;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;

/** What the engine reads: an informer cache, a one-pass snapshot, or live GETs. Null = absent. */
public interface ClusterView {
  Repository repository(String namespace, String name);

  Backup backup(String namespace, String name);

  Job job(String namespace, String name);

  /** Pods of a Job (label {@code job-name}), any order. */
  List<Pod> podsOfJob(String namespace, String jobName);

  PersistentVolumeClaim pvc(String namespace, String name);
}
