package dev.lifeboat.engine;

import dev.lifeboat.cluster.ResourceKey;
import dev.lifeboat.cluster.LiveView;
import dev.lifeboat.cluster.ApiWriter;
import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.Restore;
import dev.lifeboat.jobs.JobFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code reconcile --once}: one level-triggered pass over every lifeboat object, for cron on a
 * bastion host. Kinds in {@link Reconcilers} order, so a Repository that becomes Ready is seen by
 * the backups that wait for it in the next pass.
 */
public final class OncePass {
  private final Reconcilers reconcilers;
  private final KubernetesClient client;
  private final ApiWriter writer;
  private final JobFactory jobs;
  private final Clock clock;

  public OncePass(Reconcilers reconcilers, KubernetesClient client, ApiWriter writer, JobFactory jobs, Clock clock) {
    this.reconcilers = reconcilers;
    this.client = client;
    this.writer = writer;
    this.jobs = jobs;
    this.clock = clock;
  }

  /** Returns how many objects were looked at. */
  public int run(String namespace) {
    LiveView live = new LiveView(client);
    // One LIST each of lifeboat's kinds and of what nearly every object reads (its Jobs, pods, claims).
    Set<Class<?>> listed = new HashSet<>(Set.of(Job.class, Pod.class, PersistentVolumeClaim.class,
        Repository.class, Backup.class, Restore.class, CronJob.class));
    reconcilers.all().forEach(r -> listed.add(r.type()));
    SnapshotView snapshot = new SnapshotView(live, namespace, listed);
    Engine engine = new Engine(reconcilers, snapshot, live, writer, jobs, clock);
    int count = 0;
    for (Reconciler<?> reconciler : reconcilers.all()) {
      for (HasMetadata object : snapshot.list(reconciler.type(), namespace).stream()
          .sorted(Comparator.comparing((HasMetadata o) -> o.getMetadata().getNamespace() + "/" + o.getMetadata().getName()))
          .toList()) {
        engine.reconcile(ResourceKey.of(object));
        count++;
      }
    }
    return count;
  }
}
