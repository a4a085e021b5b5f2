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
import java.util.List;

/** What the engine reads: an informer cache, a one-pass snapshot, or live GETs. Null = absent. */
public interface ClusterView {
  Repository repository(String namespace, String name);

  Backup backup(String namespace, String name);

  Job job(String namespace, String name);

  /** Pods of a Job (label {@code job-name}), any order. */
  List<Pod> podsOfJob(String namespace, String jobName);

  PersistentVolumeClaim pvc(String namespace, String name);

  Restore restore(String namespace, String name);

  Lease lease(String namespace, String name);

  /** A Deployment or StatefulSet; {@code kind} is "deployment" or "statefulset". */
  HasMetadata workload(String namespace, String kind, String name);

  /** Deployments and StatefulSets whose labels match every entry of {@code selector}. */
  List<HasMetadata> workloadsMatching(String namespace, Map<String, String> selector);

  ConfigMap configMap(String namespace, String name);

  /** Whether an unfinished Backup or Restore other than {@code kind/name} uses the claim. */
  boolean othersUsing(String namespace, String pvc, String kind, String name);
}
