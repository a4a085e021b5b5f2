package dev.lifeboat.engine;

import dev.lifeboat.cluster.ResourceKey;
import dev.lifeboat.cluster.KubeApiWriter;
import dev.lifeboat.cluster.LiveView;
import dev.lifeboat.cluster.ApiWriter;
import dev.lifeboat.cluster.ClusterView;
import dev.lifeboat.jobs.JobFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Observe → decide → apply for one object, for any registered kind ({@link Reconcilers}).
 * Stateless between calls but for which of its own status writes the cache has not caught up with:
 * everything else comes from the {@link ClusterView}, so any number of engines (or restarts)
 * converge on the same state.
 */
public final class Engine {
  private static final int MAX_CONFLICT_RETRIES = 5;
  /**
   * An unsettled object is looked at again at least this often, events or not: the controller is
   * level-triggered, and a lost watch event must cost a delay, never a stranded operation.
   */
  static final Duration UNSETTLED_RESYNC = Duration.ofSeconds(30);
  /** Look again this soon at an object whose cached copy our own write replaced (its event usually comes first). */
  static final Duration STALE_RECHECK = Duration.ofMillis(500);
  private final Reconcilers reconcilers;
  private final ClusterView cache;
  private final ReconcileContext context;

  public Engine(Reconcilers reconcilers, ClusterView cache, ClusterView live, ApiWriter writer, JobFactory jobs,
      Clock clock) {
    this.reconcilers = reconcilers;
    this.cache = cache;
    this.context = new ReconcileContext(cache, live, new ActionApplier(cache, writer, reconcilers), jobs, clock);
  }

  /**
   * An engine that reads and writes the server directly (no cache): a command's one reconcile of an
   * object it just changed ({@code schedule create}, {@code hibernate now}), as a controller would.
   */
  public static Engine overServer(Reconcilers reconcilers, KubernetesClient client,
      Clock clock, JobFactory jobs) {
    LiveView live = new LiveView(client);
    return new Engine(reconcilers, live, live, new KubeApiWriter(client, clock), jobs, clock);
  }

  /** The concurrency limits this engine's reconciles share. */
  JobSlots slots() {
    return context.slots();
  }

  /** Reconciles one object; returns when to look at it again without an event, if ever. */
  public Optional<Duration> reconcile(ResourceKey key) {
    Reconciler<?> reconciler = reconcilers.forKind(key.kind())
        .orElseThrow(() -> new IllegalArgumentException("no reconciler for kind " + key.kind()));
    return reconcile(reconciler, key);
  }

  private <R extends HasMetadata> Optional<Duration> reconcile(Reconciler<R> reconciler, ResourceKey key) {
    R cached = cache.get(reconciler.type(), key.namespace(), key.name());
    OwnWrites.Freshness freshness = context.applier().freshness(key, cached);
    if (freshness == OwnWrites.Freshness.STALE_WAIT) {
      // Deciding on a copy our own write replaced would undo it; its watch event queues the key again soon.
      return Optional.of(STALE_RECHECK);
    }
    R resource = freshness == OwnWrites.Freshness.CURRENT ? cached
        : context.live().get(reconciler.type(), key.namespace(), key.name());
    for (int attempt = 1; ; attempt++) {
      if (resource == null) {
        return Optional.empty();
      }
      try {
        Optional<Duration> again = reconciler.reconcile(resource, context);
        return again.isEmpty() && reconciler.unsettled(resource) ? Optional.of(UNSETTLED_RESYNC) : again;
      } catch (ReconcileContext.CacheBehindOwnWrite e) {
        return Optional.of(STALE_RECHECK); // the watch event of that write is due any moment
      } catch (ApiWriter.StatusConflictException e) {
        if (attempt >= MAX_CONFLICT_RETRIES) {
          return Optional.of(Duration.ofSeconds(1));
        }
        // The cache is behind: read the object itself from the server and decide again.
        resource = context.live().get(reconciler.type(), key.namespace(), key.name());
      }
    }
  }
}
