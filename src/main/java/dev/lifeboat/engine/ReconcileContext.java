package dev.lifeboat.engine;

import dev.lifeboat.jobs.JobFactory;
import dev.lifeboat.lifecycle.JobView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Clock;
import java.time.Instant;

/**
 * What a {@link Reconciler} works with: the cache, the server itself for confirmations, the shared
 * action applier, the Job builder and the clock (injected: tests move time, lifecycles never read it).
 */
public record ReconcileContext(ClusterView cache, ClusterView live, ActionApplier applier, JobFactory jobs, Clock clock) {

  public Instant now() {
    return clock.instant();
  }

  /**
   * A dependency as the cache has it; when the cache misses it and {@code confirm} is set (the
   * decision would fail or wait on its absence), asks the server: informers fill independently,
   * so a miss alone is no proof that the object is gone.
   */
  public <T extends HasMetadata> T confirmed(Class<T> type, String namespace, String name, boolean confirm) {
    if (name == null) {
      return null;
    }
    T cached = cache.get(type, namespace, name);
    return cached != null || !confirm ? cached : live.get(type, namespace, name);
  }

  /**
   * The Job and what its pods reported. Read from the server instead of the cache when the cache has
   * no Job but one is {@code expected}, or when the Job has finished but no report of its pods is
   * cached yet: a Job's Complete condition can reach the cache before its pod's termination message
   * does, and a missing report must never be read as a negative.
   */
  public JobView job(String namespace, String name, boolean expected) {
    Job job = cache.job(namespace, name);
    if (job == null && expected) {
      job = live.job(namespace, name);
      return job == null ? null : JobViews.of(job, live.podsOfJob(namespace, name));
    }
    if (job == null) {
      return null;
    }
    JobView view = JobViews.of(job, cache.podsOfJob(namespace, name));
    if (view.state() != JobView.JobState.ACTIVE && view.report() == null) {
      Job fresh = live.job(namespace, name);
      if (fresh != null) {
        view = JobViews.of(fresh, live.podsOfJob(namespace, name));
      }
    }
    return view;
  }
}
