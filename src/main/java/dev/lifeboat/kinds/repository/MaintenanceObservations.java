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
import dev.lifeboat.lifecycle.repository.SnapshotInventoryNames;
import dev.lifeboat.lifecycle.schedule.FireTimes;
import dev.lifeboat.schedule.CronSchedule;
import io.fabric8.kubernetes.api.model.ConfigMap;
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
    String busy = repositoryJobs(repository, ctx).stream()
        .filter(j -> JobViews.of(j, List.of()).state() == JobView.JobState.ACTIVE)
        .map(j -> j.getMetadata().getName()).sorted().findFirst().orElse(null);
    List<SnapshotInfo> inventory = null;
    List<SnapshotClaim> claims = List.of();
    Map<String, String> sameUrl = new TreeMap<>();
    Set<String> taken = new HashSet<>();
    if (running != null && running.task == MaintenanceTask.verify && runningJob != null
        && runningJob.state() == JobView.JobState.SUCCEEDED) {
      ConfigMap map = ctx.live().configMap(ns, SnapshotInventoryNames.configMap(repository.getMetadata().getName()));
      inventory = SnapshotInventory.decode(map, running.jobName);
      claims = claims(repository, ctx);
      for (Repository sibling : sameUrl(repository, ctx)) {
        sameUrl.putIfAbsent(sibling.getMetadata().getNamespace(), sibling.getMetadata().getName());
        ctx.cache().list(Backup.class, sibling.getMetadata().getNamespace())
            .forEach(b -> taken.add(b.getMetadata().getNamespace() + "/" + b.getMetadata().getName()));
      }
      sameUrl.put(ns, repository.getMetadata().getName());
    }
    return new MaintenanceObservation(fireTimes, problem, runningJob, busy, inventory, claims, sameUrl, taken);
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
   * URL, in any namespace the controller sees (imported Backups live in the namespace they came from).
   */
  static List<SnapshotClaim> claims(Repository repository, ReconcileContext ctx) {
    List<SnapshotClaim> claims = new ArrayList<>();
    for (Repository sibling : sameUrl(repository, ctx)) {
      String ns = sibling.getMetadata().getNamespace();
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

  private static List<Repository> sameUrl(Repository repository, ReconcileContext ctx) {
    return ctx.cache().list(Repository.class, null).stream()
        .filter(r -> Objects.equals(r.getSpec().url, repository.getSpec().url)).toList();
  }
}
