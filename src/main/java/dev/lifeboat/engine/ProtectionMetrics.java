package dev.lifeboat.engine;

import dev.lifeboat.api.Drill;
import dev.lifeboat.api.DrillPhase;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.cluster.ClusterView;
import dev.lifeboat.lifecycle.Conditions;
import dev.lifeboat.lifecycle.protection.ProtectionReport;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The gauges deploy/monitoring's alerts and dashboard read, beside {@link ControllerMetrics}' own: per claim its
 * protection verdict, RPO and drills; per Repository its health; per lock since when it is held. All read the
 * controller's caches at scrape time: nothing is kept between scrapes.
 */
final class ProtectionMetrics {
  private ProtectionMetrics() {}

  static void register(PrometheusRegistry registry, ClusterView cache, Clock clock) {
    GaugeWithCallback.builder().name("lifeboat_protected")
        .help("1 when a claim (or a Schedule's application source) is protected or excluded on purpose, else 0; the"
            + " verdict as 'lifeboat status' gives it")
        .labelNames("namespace", "source", "verdict").callback(cb -> {
          for (ProtectionReport.Row row : ProtectionInputs.report(cache, null, clock.instant())) {
            boolean ok = row.isProtected() || row.verdict() == ProtectionReport.Verdict.excluded;
            cb.call(ok ? 1 : 0, row.namespace(), row.unit(), row.verdict().text());
          }
        }).register(registry);
    GaugeWithCallback.builder().name("lifeboat_rpo_seconds")
        .help("The recovery point objective of each covered claim or source (the strictest of its Schedules)")
        .labelNames("namespace", "source").callback(cb -> {
          for (ProtectionReport.Row row : ProtectionInputs.report(cache, null, clock.instant())) {
            if (row.rpo() != null) {
              cb.call(row.rpo().toSeconds(), row.namespace(), row.unit());
            }
          }
        }).register(registry);
    GaugeWithCallback.builder().name("lifeboat_drill_last_success_timestamp_seconds")
        .help("When the newest Succeeded Drill of each claim completed").labelNames("namespace", "source")
        .callback(cb -> newestDrills(cache, true).forEach((key, d) -> cb.call(
            Instant.parse(d.getStatus().completionTime).getEpochSecond(), key.get(0), key.get(1)))).register(registry);
    GaugeWithCallback.builder().name("lifeboat_drill_rto_seconds")
        .help("The recovery time (start to verified) of the newest Succeeded Drill of each claim")
        .labelNames("namespace", "source").callback(cb -> newestDrills(cache, true).forEach((key, d) -> {
          if (d.getStatus().rtoSeconds != null) {
            cb.call(d.getStatus().rtoSeconds, key.get(0), key.get(1));
          }
        })).register(registry);
    GaugeWithCallback.builder().name("lifeboat_drill_failed")
        .help("1 when the newest finished Drill of a claim failed, else 0").labelNames("namespace", "source")
        .callback(cb -> newestDrills(cache, false).forEach((key, d) -> cb.call(
            d.getStatus().phase == DrillPhase.Failed ? 1 : 0, key.get(0), key.get(1)))).register(registry);
    GaugeWithCallback.builder().name("lifeboat_drill_interval_seconds")
        .help("How often a Schedule drills each claim it covers (spec.drill.cron)").labelNames("namespace", "source")
        .callback(cb -> drillIntervals(cache, clock.instant()).forEach((key, interval) ->
            cb.call(interval.toSeconds(), key.get(0), key.get(1)))).register(registry);
    GaugeWithCallback.builder().name("lifeboat_repository_healthy")
        .help("A Repository's Healthy condition: 1 True, 0 False (absent before its first check)")
        .labelNames("namespace", "repository").callback(cb -> {
          for (Repository r : cache.list(Repository.class, null)) {
            var c = r.getStatus() == null ? null : Conditions.find(r.getStatus().conditions, Conditions.HEALTHY);
            if (c != null) {
              cb.call("True".equals(c.getStatus()) ? 1 : 0, r.getMetadata().getNamespace(), r.getMetadata().getName());
            }
          }
        }).register(registry);
    GaugeWithCallback.builder().name("lifeboat_lock_held_since_timestamp_seconds")
        .help("When each held operation lock was taken").labelNames("namespace", "lease", "holder").callback(cb -> {
          for (Lease lease : cache.list(Lease.class, null)) {
            var spec = lease.getSpec();
            String holder = spec == null ? null : spec.getHolderIdentity();
            var since = spec == null ? null : spec.getAcquireTime() != null ? spec.getAcquireTime() : spec.getRenewTime();
            if (lease.getMetadata().getName().startsWith("lifeboat-lock-") && holder != null && !holder.isEmpty()
                && since != null) {
              cb.call(since.toEpochSecond(), lease.getMetadata().getNamespace(), lease.getMetadata().getName(), holder);
            }
          }
        }).register(registry);
  }

  /** Per namespace and claim, its newest finished Drill ({@code succeededOnly}: its newest Succeeded one). */
  private static Map<List<String>, Drill> newestDrills(ClusterView cache, boolean succeededOnly) {
    Map<List<String>, Drill> newest = new HashMap<>();
    for (Drill d : cache.list(Drill.class, null)) {
      var s = d.getStatus();
      if (s == null || s.phase == null || !s.phase.isTerminal() || s.pvc == null || s.completionTime == null
          || (succeededOnly && s.phase != DrillPhase.Succeeded)) {
        continue;
      }
      newest.merge(List.of(d.getMetadata().getNamespace(), s.pvc), d, (a, b) ->
          Instant.parse(a.getStatus().completionTime).isAfter(Instant.parse(b.getStatus().completionTime)) ? a : b);
    }
    return newest;
  }

  private static Map<List<String>, Duration> drillIntervals(ClusterView cache, Instant now) {
    Map<List<String>, Duration> intervals = new HashMap<>();
    for (Schedule s : cache.list(Schedule.class, null)) {
      if (s.getSpec().drill == null || s.getStatus() == null) {
        continue;
      }
      String ns = s.getMetadata().getNamespace();
      Duration interval = ProtectionInputs.interval(s.getSpec().drill.cron, s.getSpec().timeZone,
          ns + "/" + s.getMetadata().getName() + "/drill", now);
      if (interval == null) {
        continue;
      }
      s.getStatus().pvcs.forEach(p -> {
        String[] at = p.pvc.contains("/") ? p.pvc.split("/", 2) : new String[] {ns, p.pvc};
        intervals.merge(List.of(at[0], at[1]), interval, (a, b) -> a.compareTo(b) < 0 ? a : b);
      });
    }
    return intervals;
  }
}
