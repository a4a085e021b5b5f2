package dev.lifeboat.kinds.schedule;

import dev.lifeboat.engine.ActionApplier;
import dev.lifeboat.engine.Engine;
import dev.lifeboat.engine.Reconcilers;
import dev.lifeboat.engine.ReconcileContext;
import dev.lifeboat.cluster.ResourceKey;
import dev.lifeboat.cluster.KubeApiWriter;
import dev.lifeboat.cluster.LiveView;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.api.ScheduleStatus;
import dev.lifeboat.jobs.JobFactory;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.lifecycle.schedule.ScheduleLifecycle;
import dev.lifeboat.lifecycle.schedule.ScheduleObservation;
import dev.lifeboat.lifecycle.schedule.ScheduleRetention;
import dev.lifeboat.lifecycle.schedule.ScheduleRuns;
import dev.lifeboat.lifecycle.schedule.ScheduledBackup;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The engine's Schedule rules for commands that act on one Schedule at once, reading the server
 * directly (no cache): {@code schedule run}, {@code backup create --from-schedule}, and the
 * first reconcile {@code schedule create} does itself (so a CronJob-mode Schedule gets its CronJob
 * with no controller running).
 */
public final class ScheduleRunner {
  private final Reconcilers reconcilers;
  private final KubernetesClient client;
  private final Clock clock;
  private final JobFactory jobs;

  /** @param reconcilers lifeboat's kinds (kinds.Kinds): the applier carries out any kind's actions */
  public ScheduleRunner(Reconcilers reconcilers, KubernetesClient client, Clock clock, JobFactory jobs) {
    this.reconcilers = reconcilers;
    this.client = client;
    this.clock = clock;
    this.jobs = jobs;
  }

  /** @param problems non-empty when the Schedule cannot run (nothing was created) */
  public record Result(List<String> created, Map<String, String> skipped, List<String> claims, List<String> problems) {}

  /** One run now: the same fan-out, Forbid and lock rules as a cron run; the Backups created before this returns. */
  public Result runNow(Schedule schedule) {
    ReconcileContext ctx = context();
    ScheduleObservation observed = ScheduleObservations.observe(schedule, ctx, ScheduleObservation.CronJobState.ABSENT, true);
    List<String> problems = ScheduleLifecycle.problems(schedule, observed);
    if (!problems.isEmpty()) {
      return new Result(List.of(), Map.of(), List.of(), problems);
    }
    ScheduleRuns.Run run = ScheduleLifecycle.runNow(schedule, observed, clock.instant());
    Decision<ScheduleStatus> decision = new Decision<>(schedule.getStatus(), run.actions(), null);
    ctx.apply(schedule, decision);
    return new Result(run.created(), run.skipped(), observed.pvcs(), List.of());
  }

  /** One reconcile of the Schedule, as a controller would do it. */
  public void reconcile(Schedule schedule) {
    Engine.overServer(reconcilers, client, clock, jobs).reconcile(ResourceKey.of(schedule));
  }

  /** Backups of the Schedule still to be removed by retention, or being removed (forgetting their snapshots). */
  public int retentionPending(Schedule schedule) {
    List<ScheduledBackup> backups = ScheduleObservations.backups(schedule, new LiveView(client));
    long deleting = backups.stream().filter(ScheduledBackup::deleting).count();
    ReconcileContext ctx = context();
    var zone = ScheduleObservations.observe(schedule, ctx, ScheduleObservation.CronJobState.ABSENT, false).zone();
    return (int) deleting + ScheduleRetention.expired(schedule.getSpec().retention, backups, zone, clock.instant()).size();
  }

  private ReconcileContext context() {
    LiveView live = new LiveView(client);
    return new ReconcileContext(live, live, new ActionApplier(live, new KubeApiWriter(client, clock), reconcilers), jobs, clock);
  }
}
