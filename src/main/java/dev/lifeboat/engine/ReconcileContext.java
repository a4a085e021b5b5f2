package dev.lifeboat.engine;

import dev.lifeboat.cluster.ResourceKey;
import dev.lifeboat.cluster.ClusterView;
import dev.lifeboat.jobs.JobFactory;
import dev.lifeboat.lifecycle.ClaimPlacement;
import dev.lifeboat.lifecycle.JobView;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Clock;
import java.time.Instant;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Decision;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.CustomResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a {@link Reconciler} works with: the cache, the server itself for confirmations, the shared
 * action applier, the Job builder and the clock (injected: tests move time, lifecycles never read it).
 */
public record ReconcileContext(ClusterView cache, ClusterView live, ActionApplier applier, JobFactory jobs, Clock clock,
    Map<String, Recheck> activeJobsChecked, Map<String, HasMetadata> finishedSeenLive,
    Map<String, Instant> notStartedSeen, JobSlots slots, CacheClaimUse cacheClaims) {
  /**
   * How long a Job (or an awaited Backup) may look active in the cache before it is read from the
   * server once more: a watch event lost on a bad connection must not leave an operation waiting for
   * something that ended long ago. Shorter than {@link Engine#UNSETTLED_RESYNC} on purpose: the resync that follows a
   * lost event must find the read due. With both at 30 s, an object first seen active a second after the pass that
   * scheduled its resync was not due at that resync by a second, and a lost event cost 60 s (FaultyApiIT in CI).
   */
  static final Duration ACTIVE_JOB_RECHECK = Duration.ofSeconds(25);
  /**
   * Each look that finds it still active doubles the wait for the next, up to this: a backup that
   * runs for two hours costs 16 looks, not 240 (a Job and its pods each time), and a lost event
   * still costs it at most 10 minutes.
   */
  static final Duration ACTIVE_JOB_RECHECK_MAX = Duration.ofMinutes(10);

  /** When what a key names is next due to be read from the server, and the wait after that. */
  record Recheck(Instant due, Duration next) {}

  public ReconcileContext(ClusterView cache, ClusterView live, ActionApplier applier, JobFactory jobs, Clock clock) {
    this(cache, live, applier, jobs, clock, new ConcurrentHashMap<>(),
        new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new JobSlots(jobs == null ? 0 : jobs.settings().maxConcurrentJobs(),
            jobs == null ? 0 : jobs.settings().maxConcurrentJobsPerNode()),
        new CacheClaimUse());
  }

  /** Carries out a decision (see {@link ActionApplier#apply}); a kind with no Jobs and no CronJobs. */
  public <S, R extends CustomResource<?, S>> ActionApplier.Applied apply(R resource,
      Decision<S> decision) {
    return apply(resource, decision, create -> {
      throw new IllegalStateException(resource.getKind() + " creates no Jobs");
    });
  }

  /** Carries out a decision whose Jobs {@code renderJob} builds. */
  public <S, R extends CustomResource<?, S>> ActionApplier.Applied apply(R resource,
      Decision<S> decision,
      Function<Action.CreateJob, Job> renderJob) {
    return applier.apply(this, resource, decision, renderJob, name -> {
      throw new IllegalStateException(resource.getKind() + " has no CronJob");
    });
  }

  /** Carries out a decision whose Jobs and CronJob the functions build. */
  public <S, R extends CustomResource<?, S>> ActionApplier.Applied apply(R resource,
      Decision<S> decision,
      Function<Action.CreateJob, Job> renderJob,
      Function<String, CronJob> renderCronJob) {
    return applier.apply(this, resource, decision, renderJob, renderCronJob);
  }

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
   * A dependency a decision waits on while {@code inProgress} says it has not finished (the Backup a
   * Restore restores): as {@link #confirmed}, and read from the server once per
   * {@link #ACTIVE_JOB_RECHECK} while the cache keeps showing it in progress, because a watch event
   * lost on a bad connection must not leave a restore waiting for a backup that finished long ago.
   */
  public <T extends HasMetadata> T awaited(Class<T> type, String namespace, String name, boolean confirm,
      Predicate<T> inProgress) {
    T seen = confirmed(type, namespace, name, confirm);
    String key = type.getSimpleName() + "/" + namespace + "/" + name;
    if (seen == null || !inProgress.test(seen)) {
      activeJobsChecked.remove(key);
      finishedSeenLive.remove(key);
      return seen;
    }
    // Once the server said it finished, a cache still behind (a watch cut, a relist pending) is not believed again
    // until it catches up: a decision that waits over several passes must not go back to waiting.
    HasMetadata finished = finishedSeenLive.get(key);
    if (finished != null && type.isInstance(finished)
        && Objects.equals(finished.getMetadata().getUid(), seen.getMetadata().getUid())) {
      return type.cast(finished);
    }
    if (!recheckDue(key)) {
      return seen;
    }
    T fresh = live.get(type, namespace, name);
    if (fresh != null && !inProgress.test(fresh)) {
      finishedSeenLive.put(key, fresh);
    }
    return fresh;
  }

  /**
   * Whether what {@code key} names, seen unfinished in the cache, is due to be read from the server:
   * on the first sight of it not, then after {@link #ACTIVE_JOB_RECHECK}, and after twice as long
   * each time since, up to {@link #ACTIVE_JOB_RECHECK_MAX}.
   */
  private boolean recheckDue(String key) {
    Instant now = now();
    Recheck planned = activeJobsChecked.putIfAbsent(key,
        new Recheck(now.plus(ACTIVE_JOB_RECHECK), ACTIVE_JOB_RECHECK.multipliedBy(2)));
    if (planned == null || now.isBefore(planned.due())) {
      return false;
    }
    Duration afterThat = planned.next().multipliedBy(2);
    afterThat = afterThat.compareTo(ACTIVE_JOB_RECHECK_MAX) > 0 ? ACTIVE_JOB_RECHECK_MAX : afterThat;
    activeJobsChecked.put(key, new Recheck(now.plus(planned.next()), afterThat));
    return true;
  }

  /**
   * An object lifeboat itself writes (a lock Lease, a restore data ConfigMap), as the cache has it
   * once the cache has seen our own last write of it (see {@link OwnWrites}); read from the server
   * only when that write's watch event is overdue.
   *
   * @throws CacheBehindOwnWrite while the event of our own write is on its way: the engine looks again shortly
   */
  public <T extends HasMetadata> T current(Class<T> type, String namespace, String name) {
    T cached = cache.get(type, namespace, name);
    return switch (applier.freshness(ResourceKey.of(type, namespace, name), cached)) {
      case CURRENT -> cached;
      case STALE_WAIT -> throw new CacheBehindOwnWrite(ResourceKey.of(type, namespace, name));
      case STALE_READ -> live.get(type, namespace, name);
    };
  }

  /** The cache has not yet seen a write of ours to an object a decision depends on. */
  public static final class CacheBehindOwnWrite extends RuntimeException {
    CacheBehindOwnWrite(ResourceKey key) {
      super("the cache has not seen our last write of " + key + " yet", null, false, false);
    }
  }

  /** How long a Job's pod may take to start before the Events are read for why it has not. */
  static final Duration EVENTS_AFTER = Duration.ofSeconds(5);

  /**
   * A Job whose pods have not started and say nothing of why: the newest Warning Event about its pods or itself
   * (FailedAttachVolume, FailedCreate of a quota or an admission webhook) is the reason, in Kubernetes' words.
   */
  private JobView whyNotStarted(String namespace, JobView view) {
    String key = namespace + "/" + view.name();
    if (view.notStartedSince() == null) {
      notStartedSeen.remove(key);
      return view;
    }
    // Counted on this controller's clock from when it first saw the pod not started, not from the server's
    // creationTimestamp: a controller whose clock runs ahead (or a test's) must not end a Job the moment it sees it.
    // A restarted controller counts afresh: the start timeout errs late, never early.
    view = view.withNotStartedSince(notStartedSeen.computeIfAbsent(key, k -> now()));
    if (view.notStartedReason() != null
        || now().isBefore(view.notStartedSince().plus(EVENTS_AFTER))) {
      return view; // a pod usually starts within seconds: no Event reads for every new Job
    }
    List<String> names = new java.util.ArrayList<>();
    live.podsOfJob(namespace, view.name()).forEach(p -> names.add(p.getMetadata().getName()));
    names.add(view.name());
    io.fabric8.kubernetes.api.model.Event newest = null;
    for (String name : names) {
      for (var event : live.warningsAbout(namespace, name)) {
        newest = event; // each list is oldest first; the last pod's last word wins
      }
    }
    return newest == null ? view : view.withNotStartedReason(newest.getReason() + ": " + newest.getMessage());
  }

  /**
   * Where a Job's pod that mounts {@code claim} can run (the node its ReadWriteOnce volume is attached to, the volume's
   * node affinity), read live: the cache keeps lifeboat's own pods only, and a pod placed on the wrong node waits
   * forever. A volume the controller may not read (a namespace-scoped install has no rights on PersistentVolumes)
   * only loses its node affinity; the attached node still counts.
   */
  public ClaimPlacement placement(String namespace, String claim) {
    PersistentVolumeClaim pvc = claim == null ? null : cache.get(PersistentVolumeClaim.class, namespace, claim);
    if (pvc == null) {
      return ClaimPlacement.ANYWHERE;
    }
    PersistentVolume volume = null;
    String volumeName = pvc.getSpec() == null ? null : pvc.getSpec().getVolumeName();
    if (volumeName != null) {
      try {
        volume = live.get(PersistentVolume.class, null, volumeName);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 403 && e.getCode() != 404) {
          throw e;
        }
      }
    }
    return ClaimPlacement.of(pvc, volume, live.listAll(Pod.class,
        namespace));
  }

  /**
   * The Job and what its pods reported. Read from the server instead of the cache when the cache has
   * no Job but one is {@code expected}, or when the Job has finished but no report of its pods is
   * cached yet: a Job's Complete condition can reach the cache before its pod's termination message
   * does, and a missing report must never be read as a negative. A Job that has looked active for
   * {@link #ACTIVE_JOB_RECHECK} is read from the server once per period.
   */
  public JobView job(String namespace, String name, boolean expected) {
    Job job = cache.job(namespace, name);
    if (job == null && expected) {
      job = live.job(namespace, name);
      return job == null ? null : whyNotStarted(namespace, JobViews.of(job, live.podsOfJob(namespace, name)));
    }
    if (job == null) {
      return null;
    }
    JobView view = JobViews.of(job, cache.podsOfJob(namespace, name));
    String key = namespace + "/" + name;
    if (view.state() == JobView.JobState.ACTIVE) {
      if (recheckDue(key)) {
        Job fresh = live.job(namespace, name);
        return fresh == null ? null : whyNotStarted(namespace, JobViews.of(fresh, live.podsOfJob(namespace, name)));
      }
      return whyNotStarted(namespace, view);
    }
    activeJobsChecked.remove(key);
    notStartedSeen.remove(key);
    if (view.report() == null) {
      Job fresh = live.job(namespace, name);
      if (fresh != null) {
        view = JobViews.of(fresh, live.podsOfJob(namespace, name));
      }
    }
    return view;
  }
}
