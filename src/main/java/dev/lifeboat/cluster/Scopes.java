package dev.lifeboat.cluster;

import dev.lifeboat.api.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Which Kubernetes kinds the engine reads only where lifeboat made them (by its managed-by label):
 * watching every Job, Pod or ConfigMap of a cluster would cost memory for nothing, and every Lease
 * would add the nodes' heartbeats (one Lease per node, renewed every 10 s) to the watch traffic.
 */
public final class Scopes {
  private static final Set<Class<?>> OWN_ONLY = Set.of(Job.class, Pod.class, ConfigMap.class, CronJob.class, Lease.class);

  private Scopes() {}

  /** The label key that selects lifeboat's own objects of this kind, or null for all of them. */
  public static String labelOf(Class<? extends HasMetadata> type) {
    return OWN_ONLY.contains(type) ? Labels.MANAGED_BY : null;
  }

  /**
   * What the cache keeps of an object of a kind. A Job or Pod carries its whole pod spec (volumes,
   * environment, security context): at 10,000 backups that was most of the controller's heap, and the
   * engine reads only what a Job or Pod says about itself (its metadata and status, and a Job's
   * deadline, to tell a timeout from a failure). A ConfigMap's binaryData is dropped too (see there).
   */
  public static <T extends HasMetadata> UnaryOperator<T> trim(Class<T> type) {
    if (type == Job.class) {
      return object -> {
        Job job = (Job) object;
        if (job.getSpec() != null) {
          job.setSpec(new JobSpecBuilder().withActiveDeadlineSeconds(job.getSpec().getActiveDeadlineSeconds()).build());
        }
        return object;
      };
    }
    if (type == ConfigMap.class) {
      // binaryData is a snapshot list's parts or a run's kept log (up to 900 KiB each): read live, never from here
      return object -> {
        ((ConfigMap) object).setBinaryData(null);
        return object;
      };
    }
    if (type == Pod.class) {
      return object -> {
        ((Pod) object).setSpec(null);
        return object;
      };
    }
    return UnaryOperator.identity();
  }

  public static String labelValue() {
    return Labels.MANAGED_BY_VALUE;
  }
}
