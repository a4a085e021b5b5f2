package dev.lifeboat.engine;

import dev.lifeboat.cluster.ClusterView;
import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.Restore;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.api.ScheduleSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * The controller's Prometheus metrics (prometheus-metrics-core). Counts and latencies are recorded
 * as they happen; everything about objects (by kind and phase, last successes, lock holders) is
 * read from the informer caches at scrape time, so it costs no API call and cannot drift.
 */
public final class ControllerMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter reconciles;
  private final Histogram reconcileSeconds;
  private final Counter jobsFinished;
  private final Histogram jobSeconds;
  private final Set<String> jobsCounted = ConcurrentHashMap.newKeySet();
  private volatile boolean leading;

  public ControllerMetrics() {
    reconciles = Counter.builder().name("lifeboat_reconcile_total")
        .help("Reconciles by kind and result (ok, error)").labelNames("kind", "result").register(registry);
    reconcileSeconds = Histogram.builder().name("lifeboat_reconcile_duration_seconds")
        .help("Time of one reconcile, by kind").labelNames("kind").register(registry);
    jobsFinished = Counter.builder().name("lifeboat_jobs_finished_total")
        .help("lifeboat Jobs that ended, by purpose and outcome (succeeded, failed)").labelNames("purpose", "outcome")
        .register(registry);
    jobSeconds = Histogram.builder().name("lifeboat_job_duration_seconds")
        .help("Run time of lifeboat Jobs that ended, by purpose").labelNames("purpose")
        .classicUpperBounds(1, 5, 15, 60, 300, 900, 3600, 4 * 3600).register(registry);
    GaugeWithCallback.builder().name("lifeboat_leader").help("1 while this controller leads (or runs without election)")
        .callback(cb -> cb.call(leading ? 1 : 0)).register(registry);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public void leading(boolean leading) {
    this.leading = leading;
  }

  public void reconciled(String kind, boolean ok, Duration took) {
    reconciles.labelValues(kind, ok ? "ok" : "error").inc();
    reconcileSeconds.labelValues(kind).observe(took.toNanos() / 1e9);
  }

  /** A lifeboat Job seen in its final state: counted once (by uid). */
  public void jobSeen(Job job) {
    if (job.getStatus() == null || job.getMetadata().getLabels() == null) {
      return;
    }
    String outcome = job.getStatus().getSucceeded() != null && job.getStatus().getSucceeded() > 0 ? "succeeded"
        : job.getStatus().getConditions() != null && job.getStatus().getConditions().stream()
            .anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus())) ? "failed" : null;
    if (outcome == null || !jobsCounted.add(job.getMetadata().getUid())) {
      return;
    }
    String purpose = job.getMetadata().getLabels().getOrDefault(Labels.PURPOSE, "unknown");
    jobsFinished.labelValues(purpose, outcome).inc();
    if (job.getStatus().getStartTime() != null) {
      String end = job.getStatus().getCompletionTime() != null ? job.getStatus().getCompletionTime()
          : Instant.now().toString();
      jobSeconds.labelValues(purpose).observe(Math.max(0, Duration.between(
          Instant.parse(job.getStatus().getStartTime()), Instant.parse(end)).toMillis() / 1000.0));
    }
  }

  public void jobGone(Job job) {
    jobsCounted.remove(job.getMetadata().getUid());
  }

  /** The gauges read from the caches: objects by phase, last successes, lock holders, queue depth. */
  public void watch(ClusterView cache, IntSupplier queueDepth, Reconcilers reconcilers, java.time.Clock clock) {
    ProtectionMetrics.register(registry, cache, clock);
    GaugeWithCallback.builder().name("lifeboat_workqueue_depth").help("Objects waiting to be reconciled")
        .callback(cb -> cb.call(queueDepth.getAsInt())).register(registry);
    GaugeWithCallback.builder().name("lifeboat_objects").help("lifeboat objects by kind and phase")
        .labelNames("kind", "phase").callback(cb -> {
          for (Reconciler<?> reconciler : reconcilers.all()) {
            count(reconciler, cache).forEach((phase, n) -> cb.call(n, reconciler.type().getSimpleName(), phase));
          }
        }).register(registry);
    GaugeWithCallback.builder().name("lifeboat_backup_last_success_timestamp_seconds")
        .help("When the newest Ready Backup of each source (a PVC, or an application's kind) completed")
        .labelNames("namespace", "source").callback(cb -> lastSuccess(cache).forEach((key, time) ->
            cb.call(time.getEpochSecond(), key.get(0), key.get(1)))).register(registry);
    GaugeWithCallback.builder().name("lifeboat_schedule_last_success_timestamp_seconds")
        .help("A Schedule's lastSuccessfulTime").labelNames("namespace", "schedule").callback(cb -> {
          for (Schedule s : cache.list(Schedule.class, null)) {
            if (s.getStatus() != null && s.getStatus().lastSuccessfulTime != null) {
              cb.call(Instant.parse(s.getStatus().lastSuccessfulTime).getEpochSecond(), s.getMetadata().getNamespace(),
                  s.getMetadata().getName());
            }
          }
        }).register(registry);
    GaugeWithCallback.builder().name("lifeboat_lock_held")
        .help("Operation locks held now (1 per Lease), with their holder").labelNames("namespace", "lease", "holder")
        .callback(cb -> {
          for (Lease lease : cache.list(Lease.class, null)) {
            String holder = lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
            if (lease.getMetadata().getName().startsWith("lifeboat-lock-") && holder != null && !holder.isEmpty()) {
              cb.call(1, lease.getMetadata().getNamespace(), lease.getMetadata().getName(), holder);
            }
          }
        }).register(registry);
  }

  /** Objects of the reconciler's kind by phase ("Pending" before a first status). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Map<String, Long> count(Reconciler reconciler, ClusterView cache) {
    Map<String, Long> byPhase = new HashMap<>();
    for (Object object : cache.list(reconciler.type(), null)) {
      Object phase = reconciler.phase((HasMetadata) object);
      byPhase.merge(phase == null ? "Pending" : phase.toString(), 1L, Long::sum);
    }
    return byPhase;
  }

  private static Map<List<String>, Instant> lastSuccess(ClusterView cache) {
    Map<List<String>, Instant> newest = new HashMap<>();
    for (Backup b : cache.list(Backup.class, null)) {
      if (b.getStatus() != null && b.getStatus().phase == BackupPhase.Ready && b.getStatus().completionTime != null) {
        String unit = ScheduleSpec.unitOf(b.getSpec().source);
        newest.merge(List.of(b.getMetadata().getNamespace(), unit == null ? "" : unit),
            Instant.parse(b.getStatus().completionTime), (x, y) -> x.isAfter(y) ? x : y);
      }
    }
    return newest;
  }
}
