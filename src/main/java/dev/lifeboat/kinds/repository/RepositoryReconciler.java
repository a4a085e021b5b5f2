package dev.lifeboat.kinds.repository;

import dev.lifeboat.engine.JobViews;
import dev.lifeboat.engine.ReconcileContext;
import dev.lifeboat.engine.Reconciler;
import dev.lifeboat.api.MaintenanceRun;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.RepositoryPhase;
import dev.lifeboat.api.RepositoryStatus;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.JobView;
import dev.lifeboat.lifecycle.repository.RepositoryLifecycle;
import dev.lifeboat.lifecycle.repository.RepositoryObservation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import dev.lifeboat.api.Labels;
import java.util.Optional;
import dev.lifeboat.lifecycle.repository.MaintenanceObservation;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * Repositories: the init Job of the current generation, then maintenance while Ready (what
 * {@link MaintenanceObservations} gathers), and the data-removal Job when deleted with
 * deletionPolicy Delete; {@link RepositoryLifecycle} decides.
 */
public final class RepositoryReconciler implements Reconciler<Repository> {
  /** restic refreshes a live lock every 5 minutes: an older one of an ended lifeboat Job's pod belongs to nobody. */
  static final Duration LOCK_REFRESH = Duration.ofMinutes(6);

  @Override
  public Class<Repository> type() {
    return Repository.class;
  }

  /** A Ready repository is never settled: its maintenance falls due with time. */
  @Override
  public Object phase(Repository resource) {
    return resource.getStatus() == null ? null : resource.getStatus().phase;
  }

  @Override
  public boolean unsettled(Repository repository) {
    RepositoryStatus current = repository.getStatus();
    return current == null || current.observedGeneration == null || current.observedGeneration != generation(repository)
        || current.phase != RepositoryPhase.Failed || repository.getMetadata().getDeletionTimestamp() != null;
  }

  @Override
  public Optional<Duration> reconcile(Repository repository, ReconcileContext ctx) {
    if (!unsettled(repository)) {
      return Optional.empty();
    }
    String ns = repository.getMetadata().getNamespace();
    String name = repository.getMetadata().getName();
    long generation = generation(repository);
    RepositoryStatus current = repository.getStatus();
    boolean deleting = repository.getMetadata().getDeletionTimestamp() != null;
    boolean expectInit = current != null && current.phase == RepositoryPhase.Initializing
        && current.observedGeneration != null && current.observedGeneration == generation;
    JobView initJob = ctx.job(ns, JobNames.initJobName(name, generation), expectInit);
    boolean ready = current != null && current.phase == RepositoryPhase.Ready && !deleting;
    RepositoryObservation observed = new RepositoryObservation(initJob,
        ready ? MaintenanceObservations.of(repository, ctx) : MaintenanceObservation.none(),
        deleting ? ctx.job(ns, JobNames.jobName(name, JobPurpose.DELETE_DATA), false) : null,
        deleting ? MaintenanceObservations.sharingUrl(repository, ctx) : List.of(),
        deleting ? MaintenanceObservations.inUseBy(repository, ctx) : List.of(),
        ctx.jobs().settings().tenancy().allNamespacesProblem(ns, repository.getSpec().allNamespaces));
    Decision<RepositoryStatus> decision = RepositoryLifecycle.decide(repository, observed, ctx.now());
    ctx.apply(repository, decision, create -> render(repository, decision, create, ctx));
    return Optional.ofNullable(decision.requeueAfter());
  }

  private static Job render(Repository repository, Decision<RepositoryStatus> decision, Action.CreateJob create,
      ReconcileContext ctx) {
    return switch (create.purpose()) {
      case REPOSITORY_INIT -> ctx.jobs().initJob(repository, create.jobName());
      case DELETE_DATA -> ctx.jobs().deleteDataJob(repository, create.jobName(),
          !MaintenanceObservations.sharingUrl(repository, ctx).isEmpty());
      case MAINTENANCE -> {
        MaintenanceRun run = decision.status().running;
        LockHosts hosts = lockHosts(repository, ctx);
        yield ctx.jobs().maintenanceJob(repository, create.jobName(), run, hosts.live(), hosts.goneJobs(),
            locksBefore(repository, ctx));
      }
      default -> throw new IllegalStateException("a Repository has no " + create.purpose() + " Job");
    };
  }

  /** What the maintenance Job needs to tell a dead lifeboat pod's lock from a live or an unknown holder's. */
  record LockHosts(List<String> live, List<String> goneJobs) {}

  /** At most this many ended Jobs are named to the maintenance Job (the newest; older ones' locks are restic-stale). */
  static final int MAX_GONE_JOBS = 200;

  /**
   * Across every namespace whose Repository has this one's URL (their Jobs lock the same restic repository): the
   * pods alive now, and lifeboat's Jobs of those Repositories that ended, whose pods' locks belong to nobody.
   */
  static LockHosts lockHosts(Repository repository, ReconcileContext ctx) {
    List<String> live = new ArrayList<>();
    List<Job> gone = new ArrayList<>();
    Map<String, Set<String>> labelsByNamespace = new TreeMap<>();
    for (Repository sibling : MaintenanceObservations.sameUrl(repository, ctx)) {
      labelsByNamespace.computeIfAbsent(sibling.getMetadata().getNamespace(), k -> new HashSet<>())
          .add(JobNames.labelValue(sibling.getMetadata().getName()));
    }
    labelsByNamespace.computeIfAbsent(repository.getMetadata().getNamespace(), k -> new HashSet<>())
        .add(JobNames.labelValue(repository.getMetadata().getName()));
    labelsByNamespace.forEach((ns, labels) -> {
      ctx.cache().list(Pod.class, ns).stream()
          .filter(p -> p.getStatus() == null || !"Succeeded".equals(p.getStatus().getPhase())
              && !"Failed".equals(p.getStatus().getPhase()))
          .forEach(p -> live.add(p.getMetadata().getName()));
      ctx.cache().list(Job.class, ns).stream()
          .filter(j -> j.getMetadata().getLabels() != null && labels.contains(j.getMetadata().getLabels().get(Labels.REPOSITORY)))
          .filter(j -> JobViews.of(j, List.of()).state() != JobView.JobState.ACTIVE)
          .forEach(gone::add);
    });
    List<String> goneJobs = gone.stream()
        .sorted(Comparator.comparing((Job j) -> String.valueOf(j.getMetadata().getCreationTimestamp())).reversed())
        .limit(MAX_GONE_JOBS).map(j -> j.getMetadata().getName()).sorted().toList();
    return new LockHosts(live.stream().sorted().toList(), goneJobs);
  }

  /**
   * Locks taken before this instant cannot belong to any Job of the repository that runs now (none
   * should: maintenance starts when the others ended), nor to a live restic anywhere (it would have
   * refreshed its lock since).
   */
  private static Instant locksBefore(Repository repository, ReconcileContext ctx) {
    Instant before = ctx.now().minus(LOCK_REFRESH);
    for (Job job : MaintenanceObservations.repositoryJobs(repository, ctx)) {
      if (JobViews.of(job, List.of()).state() == JobView.JobState.ACTIVE && job.getMetadata().getCreationTimestamp() != null) {
        Instant created = Instant.parse(job.getMetadata().getCreationTimestamp());
        before = created.isBefore(before) ? created : before;
      }
    }
    return before;
  }

  private static long generation(Repository repository) {
    return repository.getMetadata().getGeneration() == null ? 1 : repository.getMetadata().getGeneration();
  }

}
