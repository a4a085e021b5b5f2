package dev.lifeboat.kinds.repository;

import dev.lifeboat.engine.JobViews;
import dev.lifeboat.engine.ReconcileContext;
import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.MaintenanceSpec;
import dev.lifeboat.api.MaintenanceTask;
import dev.lifeboat.api.Repository;
import dev.lifeboat.jobs.SnapshotInventory;
import dev.lifeboat.lifecycle.Conditions;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.JobView;
import dev.lifeboat.lifecycle.repository.MaintenanceObservation;
import dev.lifeboat.lifecycle.repository.SnapshotClaim;
import dev.lifeboat.lifecycle.repository.SnapshotInfo;
import dev.lifeboat.lifecycle.schedule.FireTimes;
import dev.lifeboat.schedule.CronSchedule;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import dev.lifeboat.lifecycle.repository.Maintenance;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
import dev.lifeboat.lifecycle.Locks;
import dev.lifeboat.lifecycle.repository.UrlLock;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;

/** Gathers what a Ready Repository's maintenance decides on (see {@link Maintenance}). */
final class MaintenanceObservations {
  private MaintenanceObservations() {}

  static MaintenanceObservation of(Repository repository, ReconcileContext ctx) {
    String ns = repository.getMetadata().getNamespace();
    var running = repository.getStatus().running;
    JobView runningJob = running == null ? null : ctx.job(ns, running.jobName, true);
    Map<MaintenanceTask, FireTimes> fireTimes = new EnumMap<>(MaintenanceTask.class);
    String problem = null;
    MaintenanceSpec spec = repository.getSpec().maintenanceOrDefault();
    if (!spec.suspended()) {
      String seed = ns + "/" + repository.getMetadata().getName();
      try {
        for (MaintenanceTask task : MaintenanceTask.values()) {
          if (spec.cronOf(task) != null) {
            fireTimes.put(task, CronSchedule.parse(spec.cronOf(task), spec.timeZone, seed + "/" + task));
          }
        }
      } catch (IllegalArgumentException e) {
        fireTimes.clear();
        problem = "spec.maintenance: " + e.getMessage();
      }
    }
    List<Repository> siblings = sameUrl(repository, ctx);
    String busy = (siblings.isEmpty() ? List.of(repository) : siblings).stream()
        .flatMap(r -> repositoryJobs(r, ctx).stream())
        .filter(j -> JobViews.of(j, List.of()).state() == JobView.JobState.ACTIVE)
        .map(j -> j.getMetadata().getNamespace() + "/" + j.getMetadata().getName()).sorted().findFirst().orElse(null);
    List<SnapshotInfo> inventory = null;
    List<SnapshotClaim> claims = List.of();
    Map<String, String> sameUrl = new TreeMap<>();
    Set<String> taken = new HashSet<>();
    if (running != null && running.task == MaintenanceTask.verify && runningJob != null
        && runningJob.state() == JobView.JobState.SUCCEEDED) {
      inventory = SnapshotInventory.read(name -> ctx.live().configMap(ns, name), repository.getMetadata().getName(),
          running.jobName);
      claims = claims(repository, ctx);
      for (Repository sibling : sameUrl(repository, ctx)) {
        sameUrl.putIfAbsent(sibling.getMetadata().getNamespace(), sibling.getMetadata().getName());
        ctx.cache().list(Backup.class, sibling.getMetadata().getNamespace())
            .forEach(b -> taken.add(b.getMetadata().getNamespace() + "/" + b.getMetadata().getName()));
      }
      sameUrl.put(ns, repository.getMetadata().getName());
    }
    return new MaintenanceObservation(fireTimes, problem, runningJob, busy, inventory, claims, sameUrl, taken,
        urlLock(repository, ctx));
  }

  /** A holder that runs nothing exclusive for this long has let its turn pass (a crash between taking and starting). */
  static final Duration URL_LOCK_IDLE = Duration.ofMinutes(2);

  /**
   * The Lease of the repository's URL in lifeboat's namespace, and whether its holder is gone; null where lifeboat is
   * not installed (no such namespace: a CLI driving its own objects, nobody else's to coordinate with).
   */
  static UrlLock urlLock(Repository repository, ReconcileContext ctx) {
    String ns = ctx.jobs().settings().tenancy().adminNamespace();
    String name = Locks.leaseForUrl(repository.getSpec().url);
    Lease lease = ctx.cache().lease(ns, name);
    if (lease == null && !namespaceExists(ctx, ns)) {
      return null;
    }
    String holder = lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    if (holder == null || holder.isEmpty()) {
      return new UrlLock(ns, name, null, false);
    }
    String[] parts = holder.split("/", 3);
    Repository held = parts.length == 3 ? ctx.cache().get(Repository.class, parts[1], parts[2]) : null;
    var running = held == null || held.getStatus() == null ? null : held.getStatus().running;
    boolean working = running != null && running.task != null && running.task.exclusive();
    var since = lease.getSpec().getRenewTime() != null ? lease.getSpec().getRenewTime() : lease.getSpec().getAcquireTime();
    boolean idle = since == null || since.toInstant().plus(URL_LOCK_IDLE).isBefore(ctx.now());
    boolean gone = held == null || !Objects.equals(held.getSpec().url, repository.getSpec().url) || (!working && idle);
    return new UrlLock(ns, name, holder, gone);
  }

  /** Whether the namespace exists; one the caller may not read is taken to exist (a namespaced install's own). */
  private static boolean namespaceExists(ReconcileContext ctx, String namespace) {
    try {
      return ctx.live().get(io.fabric8.kubernetes.api.model.Namespace.class, null, namespace) != null;
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      if (e.getCode() == 403) {
        return true;
      }
      throw e;
    }
  }

  /**
   * The exclusive maintenance that a Repository of this one's URL (in any namespace) runs now, as a backup's waiting
   * message names it, or null.
   */
  static String exclusiveMaintenance(Repository repository, ReconcileContext ctx) {
    List<Repository> all = new ArrayList<>(sameUrl(repository, ctx));
    all.add(0, repository);
    for (Repository r : all) {
      var running = r.getStatus() == null ? null : r.getStatus().running;
      if (running != null && running.task != null && running.task.exclusive()) {
        boolean self = r.getMetadata().getNamespace().equals(repository.getMetadata().getNamespace())
            && r.getMetadata().getName().equals(repository.getMetadata().getName());
        return (self ? "Repository \"" + r.getMetadata().getName() + "\"" : "Repository " + r.getMetadata().getNamespace()
            + "/" + r.getMetadata().getName() + " (the same URL)") + " runs " + running.task + " (Job "
            + running.jobName + ")";
      }
    }
    return null;
  }

  /** The backup, restore and forget Jobs of the repository (maintenance and init Jobs are not in the way). */
  static List<Job> repositoryJobs(Repository repository, ReconcileContext ctx) {
    String label = JobNames.labelValue(repository.getMetadata().getName());
    return ctx.cache().list(Job.class, repository.getMetadata().getNamespace()).stream()
        .filter(j -> j.getMetadata().getLabels() != null && label.equals(j.getMetadata().getLabels().get(Labels.REPOSITORY)))
        .filter(j -> {
          String purpose = j.getMetadata().getLabels().get(Labels.PURPOSE);
          return !JobPurpose.MAINTENANCE.suffix().equals(purpose) && !JobPurpose.REPOSITORY_INIT.suffix().equals(purpose)
              && !JobPurpose.DELETE_DATA.suffix().equals(purpose);
        })
        .toList();
  }

  /**
   * The Backups that claim a snapshot of this repository: those of every Repository with the same
   * URL, in any namespace the controller sees (imported Backups live in the namespace they came from); for a
   * namespace's Repository, which lists its own snapshots only, those of its namespace.
   */
  static List<SnapshotClaim> claims(Repository repository, ReconcileContext ctx) {
    List<SnapshotClaim> claims = new ArrayList<>();
    String host = ctx.jobs().settings().tenancy().snapshotHost(repository.getMetadata().getNamespace(),
        repository.getSpec().allNamespaces);
    for (Repository sibling : sameUrl(repository, ctx)) {
      String ns = sibling.getMetadata().getNamespace();
      if (host != null && !host.equals(ns)) {
        continue;
      }
      for (Backup b : ctx.cache().list(Backup.class, ns)) {
        if (sibling.getMetadata().getName().equals(b.getSpec().repository)) {
          SnapshotClaim claim = SnapshotClaim.of(b);
          if (claim != null) {
            claims.add(claim);
          }
        }
      }
    }
    return claims;
  }

  /** The other Repositories with this one's URL, as namespace/name, sorted (read from the cache, every namespace). */
  /** What still works in the repository: its running backup, restore and forget Jobs, and its Backups being forgotten. */
  static List<String> inUseBy(Repository repository, ReconcileContext ctx) {
    String name = repository.getMetadata().getName();
    java.util.TreeSet<String> users = new java.util.TreeSet<>();
    repositoryJobs(repository, ctx).stream().filter(j -> JobViews.of(j, List.of()).state() == JobView.JobState.ACTIVE)
        .forEach(j -> users.add("Job " + j.getMetadata().getName()));
    ctx.cache().list(Backup.class, repository.getMetadata().getNamespace()).stream()
        .filter(b -> name.equals(b.getSpec().repository) && b.getMetadata().getDeletionTimestamp() != null
            && b.getMetadata().getFinalizers() != null && !b.getMetadata().getFinalizers().isEmpty())
        .forEach(b -> users.add("Backup " + b.getMetadata().getName()));
    return List.copyOf(users);
  }

  static List<String> sharingUrl(Repository repository, ReconcileContext ctx) {
    String self = repository.getMetadata().getNamespace() + "/" + repository.getMetadata().getName();
    return sameUrl(repository, ctx).stream()
        .map(r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName())
        .filter(key -> !key.equals(self)).sorted().toList();
  }

  /** Every Repository with this one's URL, in any namespace, itself included. */
  static List<Repository> sameUrl(Repository repository, ReconcileContext ctx) {
    return ctx.cache().list(Repository.class, null).stream()
        .filter(r -> Objects.equals(r.getSpec().url, repository.getSpec().url)).toList();
  }
}
