package dev.lifeboat.engine;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.RepositoryPhase;
import dev.lifeboat.api.Restore;
import dev.lifeboat.api.RestorePhase;
import dev.lifeboat.api.RestoreSpec;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.JobView;
import dev.lifeboat.lifecycle.Locks;
import dev.lifeboat.lifecycle.RestoreLifecycle;
import dev.lifeboat.lifecycle.RestoreObservation;
import dev.lifeboat.lifecycle.WorkloadView;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a Restore's observation from the cluster views (confirming cache misses that matter). */
final class RestoreReconciler {
  private final ClusterView cache;
  private final ClusterView live;

  RestoreReconciler(ClusterView cache, ClusterView live) {
    this.cache = cache;
    this.live = live;
  }

  /** What a restore needs besides its observation: where the data comes from. */
  record Source(Repository repository, String snapshotId, String targetPvc) {}

  RestoreObservation observe(Restore restore, Source[] source) {
    String ns = restore.getMetadata().getNamespace();
    RestoreSpec spec = restore.getSpec();
    RestorePhase phase = restore.getStatus() == null ? null : restore.getStatus().phase;
    boolean validating = phase == null || phase == RestorePhase.Pending || phase == RestorePhase.Validating;

    Backup backup = null;
    if (spec.backup != null) {
      backup = cache.backup(ns, spec.backup);
      if (backup == null && validating) {
        backup = live.backup(ns, spec.backup);
      }
    }
    String repositoryName = spec.snapshot != null ? spec.snapshot.repository : backup == null ? null : backup.getSpec().repository;
    Repository repository = repositoryName == null ? null : cache.repository(ns, repositoryName);
    if (repository == null && repositoryName != null && validating) {
      repository = live.repository(ns, repositoryName);
    }
    String backupPvc = backup == null || backup.getSpec().source == null ? null : backup.getSpec().source.pvc;
    String target = restore.getStatus() != null && restore.getStatus().targetPvc != null ? restore.getStatus().targetPvc
        : spec.target != null && spec.target.pvc != null ? spec.target.pvc : backupPvc;
    PersistentVolumeClaim pvc = target == null ? null : cache.pvc(ns, target);
    if (pvc == null && target != null && validating) {
      pvc = live.pvc(ns, target);
    }
    String snapshotId = restore.getStatus() != null && restore.getStatus().snapshotId != null ? restore.getStatus().snapshotId
        : spec.snapshot != null ? spec.snapshot.id : backup == null || backup.getStatus() == null ? null : backup.getStatus().snapshotId;
    source[0] = new Source(repository, snapshotId, target);

    List<WorkloadView> workloads = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    Map<String, HasMetadata> seen = new LinkedHashMap<>();
    if (spec.stopApplications != null) {
      for (String ref : spec.stopApplications.workloads) {
        String[] parts = ref.split("/", 2);
        if (parts.length != 2 || !(parts[0].equals("deployment") || parts[0].equals("statefulset"))) {
          unknown.add(ref);
          continue;
        }
        HasMetadata w = cache.workload(ns, parts[0], parts[1]);
        if (w == null && validating) {
          w = live.workload(ns, parts[0], parts[1]);
        }
        seen.put(ref, w);
      }
      if (spec.stopApplications.selector != null && !spec.stopApplications.selector.isEmpty()) {
        for (HasMetadata w : cache.workloadsMatching(ns, spec.stopApplications.selector)) {
          seen.putIfAbsent(refOf(w), w);
        }
      }
    }
    seen.forEach((ref, w) -> workloads.add(w == null ? WorkloadView.missing(ref) : view(ref, w)));

    ConfigMap data = cache.configMap(ns, RestoreLifecycle.restoreDataConfigMap(restore.getMetadata().getName()));
    return new RestoreObservation(
        backup != null, backup == null || backup.getStatus() == null ? null : backup.getStatus().phase, backupPvc,
        repository == null ? null : repository.getStatus() == null || repository.getStatus().phase == null
            ? RepositoryPhase.Unknown : repository.getStatus().phase,
        Engine.pvcState(pvc), lockHolder(ns, target),
        workloads, unknown, data == null ? Map.of() : RestoreData.replicas(data.getData()),
        job(ns, restore, JobPurpose.SNAPSHOT_CHECK, validating && spec.snapshot != null),
        job(ns, restore, JobPurpose.RESTORE, phase == RestorePhase.Running || phase == RestorePhase.Aborting),
        job(ns, restore, JobPurpose.PRUNE, phase == RestorePhase.PruneRunning));
  }

  private JobView job(String ns, Restore restore, JobPurpose purpose, boolean expected) {
    String name = JobNames.jobName(restore.getMetadata().getName(), purpose);
    ClusterView source = cache;
    var job = cache.job(ns, name);
    if (job == null && expected) {
      source = live;
      job = live.job(ns, name);
    }
    return job == null ? null : JobViews.of(job, source.podsOfJob(ns, name));
  }

  /** The lock's holder; a holder that is a Restore which no longer exists counts as no holder. */
  private String lockHolder(String ns, String target) {
    if (target == null) {
      return null;
    }
    Lease lease = cache.lease(ns, Locks.leaseForPvc(ns, target));
    String holder = lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    if (holder == null || holder.isEmpty()) {
      return null;
    }
    String[] parts = holder.split("/", 3);
    if (parts.length == 3 && parts[0].equals("Restore") && cache.restore(parts[1], parts[2]) == null
        && live.restore(parts[1], parts[2]) == null) {
      return null;
    }
    return holder;
  }

  static String refOf(HasMetadata w) {
    return (w instanceof Deployment ? "deployment/" : "statefulset/") + w.getMetadata().getName();
  }

  private static WorkloadView view(String ref, HasMetadata w) {
    if (w instanceof Deployment d) {
      return new WorkloadView(ref, true, orOne(d.getSpec().getReplicas()),
          d.getStatus() == null ? 0 : orZero(d.getStatus().getReplicas()),
          d.getStatus() == null ? 0 : orZero(d.getStatus().getReadyReplicas()));
    }
    StatefulSet s = (StatefulSet) w;
    return new WorkloadView(ref, true, orOne(s.getSpec().getReplicas()),
        s.getStatus() == null ? 0 : orZero(s.getStatus().getReplicas()),
        s.getStatus() == null ? 0 : orZero(s.getStatus().getReadyReplicas()));
  }

  private static int orOne(Integer v) {
    return v == null ? 1 : v;
  }

  private static int orZero(Integer v) {
    return v == null ? 0 : v;
  }
}
