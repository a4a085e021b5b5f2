package dev.lifeboat.engine;

import dev.lifeboat.api.Labels;
import dev.lifeboat.cluster.ClusterView;
import dev.lifeboat.lifecycle.JobView;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One running Job per cache claim ({@link dev.lifeboat.jobs.CacheClaims}): a Job takes its claim only when no other
 * running Job has it. A Job just created is not in the cache yet, so the claim is reserved for it here until the
 * cache shows it (or {@link #RESERVATION} passes): two Backups of one claim decided in parallel never both take it.
 */
public final class CacheClaimUse {
  static final Duration RESERVATION = Duration.ofSeconds(30);

  private record Reserved(String job, Instant until) {}

  /** namespace/claim → the Job it was given to, not in the cache yet. */
  private final Map<String, Reserved> reserved = new ConcurrentHashMap<>();

  /** Whether Job {@code jobName} may mount cache claim {@code claim} (then it is held for it). */
  public synchronized boolean take(ClusterView cache, String namespace, String claim, String jobName, Instant now) {
    List<Job> jobs = cache.list(Job.class, namespace);
    String key = namespace + "/" + claim;
    Reserved held = reserved.get(key);
    if (held != null && (held.until().isBefore(now)
        || jobs.stream().anyMatch(j -> held.job().equals(j.getMetadata().getName())))) {
      reserved.remove(key, held); // expired, or the cache shows its Job: the check below covers it from now on
    }
    Reserved stillHeld = reserved.get(key);
    if (stillHeld != null && !stillHeld.job().equals(jobName)) {
      return false;
    }
    boolean otherRunning = jobs.stream()
        .filter(j -> j.getMetadata().getLabels() != null && claim.equals(j.getMetadata().getLabels().get(Labels.CACHE_CLAIM)))
        .filter(j -> !jobName.equals(j.getMetadata().getName()))
        .anyMatch(j -> JobViews.of(j, List.of()).state() == JobView.JobState.ACTIVE);
    if (otherRunning) {
      return false;
    }
    reserved.put(key, new Reserved(jobName, now.plus(RESERVATION)));
    return true;
  }
}
