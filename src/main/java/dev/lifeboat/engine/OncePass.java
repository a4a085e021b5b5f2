package dev.lifeboat.engine;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Repository;
import dev.lifeboat.jobs.JobFactory;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Comparator;

/**
 * {@code reconcile --once}: one level-triggered pass over every lifeboat object, for cron on a
 * bastion host. Repositories first, so a Repository that becomes Ready is seen by the backups that
 * wait for it in the next pass.
 */
public final class OncePass {
  private final KubernetesClient client;
  private final ApiWriter writer;
  private final JobFactory jobs;
  private final Clock clock;

  public OncePass(KubernetesClient client, ApiWriter writer, JobFactory jobs, Clock clock) {
    this.client = client;
    this.writer = writer;
    this.jobs = jobs;
    this.clock = clock;
  }

  /** Returns how many objects were looked at. */
  public int run(String namespace) {
    SnapshotView snapshot = new SnapshotView(client, namespace);
    Engine engine = new Engine(snapshot, new LiveView(client), writer, jobs, clock);
    int count = 0;
    for (Repository r : snapshot.repositories.values().stream()
        .sorted(Comparator.comparing(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())).toList()) {
      engine.reconcile(new ResourceKey(ResourceKey.Kind.Repository, r.getMetadata().getNamespace(), r.getMetadata().getName()));
      count++;
    }
    for (Backup b : snapshot.backups.values().stream()
        .sorted(Comparator.comparing(b -> b.getMetadata().getNamespace() + "/" + b.getMetadata().getName())).toList()) {
      engine.reconcile(new ResourceKey(ResourceKey.Kind.Backup, b.getMetadata().getNamespace(), b.getMetadata().getName()));
      count++;
    }
    for (var r : snapshot.restores.values().stream()
        .sorted(Comparator.comparing(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())).toList()) {
      engine.reconcile(new ResourceKey(ResourceKey.Kind.Restore, r.getMetadata().getNamespace(), r.getMetadata().getName()));
      count++;
    }
    return count;
  }
}
