package dev.lifeboat.lifecycle.repository;

import dev.lifeboat.lifecycle.ResticPin;
import dev.lifeboat.api.MaintenanceRun;
import dev.lifeboat.api.MaintenanceStatus;
import dev.lifeboat.api.MaintenanceTask;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.RepositoryStatus;
import dev.lifeboat.api.Sizes;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Action.EventType;
import dev.lifeboat.lifecycle.Conditions;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.lifecycle.JobView;
import dev.lifeboat.lifecycle.Locks;
import dev.lifeboat.lifecycle.schedule.FireTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Ready Repository's maintenance: at most one Job at a time, never beside a backup, restore or
 * forget of any Repository with the same URL, in any namespace (check and prune hold restic's exclusive
 * lock on the URL; new backups of every namespace wait for them).
 *
 * <pre>
 *                 a request (annotation) or a cron fire time is due
 *   idle ───────────────────────────────────────────────────────────► running (status.running)
 *    ▲ │    busy: a backup/restore/forget Job of the URL runs            ▲       │
 *    │ │    → look again in 30 s                                         │       │
 *    │ └─ check/prune due: take the URL's Lease ──► Lease ours ──────────┘       │
 *    │    (held by another namespace's Repository: look again in 30 s)           │
 *    └──────────────── Job ended: result, Events, Healthy (check), ◄─────────────┘
 *                      sizes (prune), SnapshotMissing marks (verify); the Lease released
 *                      unless another check or prune is next
 * </pre>
 *
 * <p>A cron's first run comes no sooner than {@link #FIRST_RUN_GRACE} after the repository became
 * Ready (nothing to check in a new repository). Runs missed while no controller ran become one
 * catch-up run. The Job's name carries a hash of what triggered it (the fire time or the request
 * id), so a crash between creating it and recording it adopts the same Job.
 */
public final class Maintenance {
  public static final Duration FIRST_RUN_GRACE = Duration.ofHours(1);
  static final Duration BUSY_RECHECK = Duration.ofSeconds(30);
  /** After taking the URL's Lease: the next look starts the Job (the Lease's own change also wakes us). */
  static final Duration URL_LOCK_RECHECK = Duration.ofSeconds(2);
  public static final String HEALTHY = Conditions.HEALTHY;
  static final String SCHEDULED = "MaintenanceScheduled";

  private Maintenance() {}

  /**
   * Updates {@code status} (a Ready repository's) and adds the actions; returns when to look again.
   */
  public static Duration decide(Repository repository, RepositoryStatus status, MaintenanceObservation observed,
      Instant now, List<Action> actions) {
    long generation = repository.getMetadata().getGeneration() == null ? 1 : repository.getMetadata().getGeneration();
    if (status.running != null) {
      Duration wait = finish(repository, status, observed, now, actions, generation);
      if (status.running != null) {
        return wait;
      }
    }
    noteScheduleProblem(status, observed.scheduleProblem(), actions, generation, now);
    List<Due> due = due(repository, status, observed, now);
    Duration requeue = untilNextRun(status, now);
    UrlLock url = observed.urlLock();
    String me = urlHolder(repository);
    boolean exclusiveNext = !due.isEmpty() && due.get(0).task().exclusive();
    if (url != null && url.heldBy(me) && !exclusiveNext) {
      // Nothing exclusive runs or is next: other namespaces' Repositories of the URL may have their turn.
      actions.add(new Action.ReleaseUrlLock(url.namespace(), url.lease(), me));
    }
    if (due.isEmpty()) {
      return requeue;
    }
    if (observed.busyWith() != null) {
      return BUSY_RECHECK;
    }
    if (exclusiveNext && url != null && !url.heldBy(me)) {
      if (url.busyFor(me)) {
        return BUSY_RECHECK; // another namespace's Repository of the URL runs check or prune
      }
      // Take the URL's Lease first; the Job follows once it is ours (two controllers cannot both win it).
      actions.add(new Action.AcquireUrlLock(url.namespace(), url.lease(), me, url.holder() != null));
      return URL_LOCK_RECHECK;
    }
    start(repository, status, due.get(0), actions, now);
    return null; // the Job's changes wake us
  }

  /** A run to start: what asked for it. */
  private record Due(MaintenanceTask task, String request, String options, Instant scheduled) {
    String trigger() {
      return request != null ? "request " + request : "scheduled " + scheduled;
    }
  }

  private static List<Due> due(Repository repository, RepositoryStatus status, MaintenanceObservation observed,
      Instant now) {
    List<Due> due = new ArrayList<>();
    for (MaintenanceRequest request : MaintenanceRequest.of(repository.getMetadata().getAnnotations())) {
      MaintenanceStatus entry = status.find(request.task());
      if (entry == null || !request.id().equals(entry.lastRequest)) {
        String options = request.options().isEmpty() ? null : request.annotationValue().substring(request.id().length() + 1);
        due.add(new Due(request.task(), request.id(), options, null));
      }
    }
    String since = status.readyTime != null ? status.readyTime : repository.getMetadata().getCreationTimestamp();
    Instant firstAllowed = since == null ? now : Instant.parse(since).plus(FIRST_RUN_GRACE);
    for (MaintenanceTask task : MaintenanceTask.values()) {
      FireTimes fire = observed.fireTimes().get(task);
      if (fire == null) {
        MaintenanceStatus entry = status.find(task);
        if (entry != null) {
          entry.nextRun = null;
        }
        continue;
      }
      MaintenanceStatus entry = status.task(task);
      entry.nextRun = fire.nextAfter(now).map(Instant::toString).orElse(null);
      Optional<Instant> latest = fire.latestAtOrBefore(now);
      Instant served = entry.lastScheduled == null ? firstAllowed : later(Instant.parse(entry.lastScheduled), firstAllowed);
      if (latest.isPresent() && latest.get().isAfter(served)
          && due.stream().noneMatch(d -> d.task() == task)) {
        due.add(new Due(task, null, null, latest.get()));
      }
    }
    return due;
  }

  private static void start(Repository repository, RepositoryStatus status, Due due, List<Action> actions, Instant now) {
    String jobName = jobName(repository.getMetadata().getName(), due.task(), due.trigger());
    MaintenanceRun run = new MaintenanceRun();
    run.task = due.task();
    run.jobName = jobName;
    run.startTime = now.toString();
    run.request = due.request();
    run.options = due.options();
    run.scheduled = due.scheduled() == null ? null : due.scheduled().toString();
    status.running = run;
    if (due.scheduled() != null) {
      status.task(due.task()).lastScheduled = due.scheduled().toString(); // served, even if it fails
    }
    actions.add(new Action.CreateJob(JobPurpose.MAINTENANCE, jobName));
    actions.add(new Action.RecordEvent(EventType.Normal, "MaintenanceStarted", due.task() + " started ("
        + (due.request() != null ? "requested" : "scheduled") + "): Job " + jobName));
  }

  /** How a Repository is named as the holder of its URL's Lease. */
  public static String urlHolder(Repository repository) {
    return Locks.holder("Repository", repository.getMetadata().getNamespace(), repository.getMetadata().getName());
  }

  /** {@code <repository>-<task>-<hash of the trigger>}: the same trigger always names the same Job. */
  public static String jobName(String repository, MaintenanceTask task, String trigger) {
    return JobNames.fit(JobNames.fit(repository, 40) + "-" + task.name() + "-" + JobNames.shortHash(trigger),
        JobNames.MAX_JOB_NAME);
  }

  /** Records the running Job's outcome once it ended; returns when to look again while it has not. */
  private static Duration finish(Repository repository, RepositoryStatus status, MaintenanceObservation observed,
      Instant now, List<Action> actions, long generation) {
    MaintenanceRun run = status.running;
    JobView job = observed.runningJob();
    if (job != null && job.state() == JobView.JobState.ACTIVE) {
      return null;
    }
    if (job != null && job.reportPending(now)) {
      return JobView.REPORT_RECHECK;
    }
    MaintenanceStatus entry = status.task(run.task);
    entry.lastStart = run.startTime;
    Instant end = job == null || job.finishedAt() == null ? now : job.finishedAt();
    entry.lastEnd = end.toString();
    entry.durationSeconds = Math.max(0, Duration.between(Instant.parse(run.startTime), end).toSeconds());
    if (run.request != null) {
      entry.lastRequest = run.request;
    }
    status.running = null;
    if (job == null) {
      failed(status, entry, actions, "Job " + run.jobName + " was deleted before it finished", generation, now);
      return null;
    }
    JobReport report = job.report();
    entry.resticVersion = ResticPin.record(report, actions);
    JobReport.MaintenanceSummary summary = report == null ? null : report.maintenance();
    if (job.state() != JobView.JobState.SUCCEEDED) {
      failed(status, entry, actions, job.bestFailureReason(), generation, now);
      if (run.task == MaintenanceTask.check || (summary != null && Boolean.TRUE.equals(summary.damaged()))) {
        Conditions.set(status.conditions, HEALTHY, false, "CheckFailed", entry.message, generation, now);
      }
      return null;
    }
    entry.result = "Succeeded";
    entry.message = report == null || report.message() == null ? run.task + " succeeded" : report.message();
    switch (run.task) {
      case check -> {
        sizeFrom(status, summary);
        Conditions.set(status.conditions, HEALTHY, true, "CheckPassed", entry.message, generation, now);
        actions.add(new Action.RecordEvent(EventType.Normal, "CheckPassed", entry.message));
      }
      case prune -> {
        entry.sizeBefore = summary == null ? null : summary.sizeBefore();
        entry.sizeAfter = summary == null ? null : summary.sizeAfter();
        sizeFrom(status, summary);
        if (entry.sizeBefore != null && entry.sizeAfter != null) {
          entry.message = "reclaimed " + Sizes.bytes(Math.max(0, entry.sizeBefore - entry.sizeAfter)) + " ("
              + Sizes.bytes(entry.sizeBefore) + " → " + Sizes.bytes(entry.sizeAfter) + ")";
        }
        actions.add(new Action.RecordEvent(EventType.Normal, "Pruned", entry.message));
      }
      case verify -> {
        if (observed.inventory() == null) {
          failed(status, entry, actions, "the verify Job's snapshot list (ConfigMap "
              + SnapshotInventoryNames.configMap(repository.getMetadata().getName()) + ") was not found", generation, now);
          return null;
        }
        SnapshotAudit audit = SnapshotAudit.of(observed.inventory(), observed.claims());
        audit.apply(status, entry, actions, now);
        if (repository.getSpec().imports()) {
          ImportPlan plan = ImportPlan.of(repository, observed.inventory(), observed.claims(), observed.sameUrl(), true,
              observed.takenNames());
          plan.toCreate().forEach(b -> actions.add(new Action.CreateBackup(b)));
          if (!plan.toCreate().isEmpty()) {
            entry.message += "; imported " + plan.toCreate().size() + " snapshot(s) as Backups";
            actions.add(new Action.RecordEvent(EventType.Normal, "Imported", "spec.import: created "
                + plan.toCreate().size() + " Backup(s) for snapshots no Backup claimed"));
          }
        }
      }
      case unlock -> actions.add(new Action.RecordEvent(EventType.Normal, "Unlocked", entry.message));
      default -> { }
    }
    return null;
  }

  private static void sizeFrom(RepositoryStatus status, JobReport.MaintenanceSummary summary) {
    if (summary != null && summary.sizeAfter() != null) {
      status.sizeBytes = summary.sizeAfter();
    }
  }

  private static void failed(RepositoryStatus status, MaintenanceStatus entry, List<Action> actions, String message,
      long generation, Instant now) {
    entry.result = "Failed";
    entry.message = message;
    String reason = Character.toUpperCase(entry.task.name().charAt(0)) + entry.task.name().substring(1) + "Failed";
    actions.add(new Action.RecordEvent(EventType.Warning, reason, message));
  }

  private static void noteScheduleProblem(RepositoryStatus status, String problem, List<Action> actions,
      long generation, Instant now) {
    var existing = Conditions.find(status.conditions, SCHEDULED);
    if (problem == null) {
      if (existing != null) {
        Conditions.set(status.conditions, SCHEDULED, true, "Valid", "maintenance crons parsed", generation, now);
      }
      return;
    }
    if (existing == null || !"False".equals(existing.getStatus())) {
      actions.add(new Action.RecordEvent(EventType.Warning, "InvalidMaintenance", problem));
    }
    Conditions.set(status.conditions, SCHEDULED, false, "InvalidMaintenance", problem, generation, now);
  }

  private static Duration untilNextRun(RepositoryStatus status, Instant now) {
    Instant next = null;
    for (MaintenanceStatus entry : status.maintenance) {
      if (entry.nextRun != null) {
        Instant at = Instant.parse(entry.nextRun);
        next = next == null || at.isBefore(next) ? at : next;
      }
    }
    if (next == null) {
      return null;
    }
    Duration wait = Duration.between(now, next);
    return wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait.plusSeconds(1);
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
