package dev.lifeboat.engine;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one place kinds are registered. A new kind is a {@link Reconciler} (plus its pure lifecycle
 * package) added to {@link #ALL}; the watch loop, the once pass and the engine need nothing else.
 */
public final class Reconcilers {
  /** In dependency order: the once pass visits kinds in this order (a Repository made Ready is seen by its Backups). */
  static final List<Reconciler<?>> ALL = List.of(
      new RepositoryReconciler(),
      new ScheduleReconciler(),
      new HibernateReconciler(),
      new BackupReconciler(),
      new RestoreReconciler());

  /** The Kubernetes kinds reconcilers read besides their own: the controller caches these. */
  static final List<Class<? extends HasMetadata>> DEPENDENCIES = List.of(
      Job.class, Pod.class, PersistentVolumeClaim.class, Lease.class, Deployment.class, StatefulSet.class, ConfigMap.class,
      CronJob.class);

  private Reconcilers() {}

  public static List<Reconciler<?>> all() {
    return ALL;
  }

  /** The reconciler of a kind by its name ("Backup"), as Job labels and work-queue keys carry it. */
  public static Optional<Reconciler<?>> forKind(String kind) {
    return ALL.stream().filter(r -> r.type().getSimpleName().equals(kind)).findFirst();
  }

  /** Every kind the controller keeps a cache of: lifeboat's own, then their dependencies. */
  static Set<Class<? extends HasMetadata>> cachedKinds() {
    Set<Class<? extends HasMetadata>> kinds = new LinkedHashSet<>();
    ALL.forEach(r -> kinds.add(r.type()));
    kinds.addAll(DEPENDENCIES);
    ALL.forEach(r -> kinds.addAll(r.wokenBy()));
    return kinds;
  }
}
