package dev.lifeboat.manager;

import dev.lifeboat.api.MaintenanceTask;
import dev.lifeboat.api.Repository;
import dev.lifeboat.jobs.SnapshotInventory;
import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.lifecycle.repository.SnapshotInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code backup-manager maintain --task T}: one maintenance run of a Repository. Every task first
 * clears stale locks: restic's own notion (30 minutes after the last refresh, or the same host with its
 * process gone) and lifeboat's, which knows Kubernetes: a lock whose host is the pod of one of lifeboat's
 * Jobs that ended ({@code --gone-job}), no live pod, and older than any running Job of the repository
 * could have taken ({@code --locks-before}) belongs to nobody. A lock lifeboat cannot account for (another
 * cluster, a laptop, a paused process) is left to restic's 30 minutes: 6 would be too thin a margin over
 * restic's 5-minute refresh for a slow holder. Other locks are never removed: with only dead ones, all go
 * ({@code restic unlock --remove-all}); beside others, a local repository's dead lock files are deleted one
 * by one, while elsewhere (restic cannot remove a single lock) only restic's stale ones go.
 */
public final class MaintainRun {
  private final Supplier<KubernetesClient> client;
  private final Restic restic;
  private final ResticMaintenance maintenance;

  public MaintainRun(Supplier<KubernetesClient> client, Restic restic) {
    this.client = client;
    this.restic = restic;
    this.maintenance = new ResticMaintenance(restic);
  }

  /** What the controller told the Job. */
  public record Options(MaintenanceTask task, String job, Set<String> liveHosts, Set<String> goneJobs,
      Instant locksBefore, String readDataSubset, String maxUnused, boolean removeAll, String snapshotHost) {
    /** Whether the lock is a pod's of an ended lifeboat Job ({@code JOB-xxxxx}), taken before any live Job began. */
    boolean dead(ResticMaintenance.Lock lock) {
      String host = lock.hostname();
      int dash = host.lastIndexOf('-');
      return dash > 0 && goneJobs.contains(host.substring(0, dash)) && !liveHosts.contains(host)
          && lock.time().isBefore(locksBefore);
    }
  }

  public JobReport run(String namespace, String name, Options options) throws Exception {
    try {
      String locks = clearStaleLocks(options);
      return switch (options.task()) {
        case unlock -> new JobReport(true, locks, null, null, null, null, null, lockSummary());
        case check -> check(options, locks);
        case prune -> prune(options);
        case verify -> verify(namespace, name, options);
      };
    } catch (ResticException e) {
      return JobReport.failure(e.getMessage());
    }
  }

  private int removed;
  private int kept;

  private JobReport.MaintenanceSummary lockSummary() {
    return new JobReport.MaintenanceSummary(null, null, null, removed, kept, null);
  }

  private String clearStaleLocks(Options options) throws Exception {
    List<ResticMaintenance.Lock> locks = maintenance.locks();
    if (locks.isEmpty()) {
      return "no locks";
    }
    List<String> dead = new ArrayList<>();
    List<String> live = new ArrayList<>();
    List<String> unseen = new ArrayList<>();
    for (ResticMaintenance.Lock lock : locks) {
      String shown = lock.hostname() + (lock.exclusive() ? " (exclusive)" : "");
      if (options.dead(lock)) {
        dead.add(shown);
      } else {
        live.add(shown);
        if (!options.liveHosts().contains(lock.hostname())) {
          unseen.add(shown);
        }
      }
    }
    if (options.removeAll() || live.isEmpty()) {
      maintenance.removeAllLocks();
      removed = locks.size();
      String message = "removed " + locks.size() + " lock(s): " + String.join(", ", options.removeAll() ? hosts(locks) : dead)
          + (options.removeAll() && !live.isEmpty() ? " (--remove-all: including live ones)" : "");
      System.out.println("lifeboat: " + message);
      return message;
    }
    Path local = DeleteDataRun.localPath(System.getenv("RESTIC_REPOSITORY"));
    if (local != null && !dead.isEmpty()) {
      // A local repository's lock is a file: the dead ones can go one by one, the live ones stay.
      for (ResticMaintenance.Lock lock : locks) {
        if (options.dead(lock)) {
          Files.deleteIfExists(local.resolve("locks").resolve(lock.id()));
        }
      }
    }
    restic.unlock(); // restic's stale ones
    int left = maintenance.locks().size();
    removed = locks.size() - left;
    kept = left;
    String message = "kept " + left + " lock(s) (live or not lifeboat's: " + String.join(", ", live) + ")"
        + (unseen.isEmpty() ? "" : "; held by hosts lifeboat cannot see (" + String.join(", ", unseen) + "), which"
            + " restic calls stale 30 minutes after their last refresh")
        + (removed > 0 ? "; removed " + removed + " stale one(s)" : "")
        + (dead.isEmpty() || local != null ? "" : "; the locks of gone pods (" + String.join(", ", dead)
            + ") expire 30 minutes after their last refresh (restic removes single locks only in a local repository)");
    System.out.println("lifeboat: " + message);
    return message;
  }

  private static List<String> hosts(List<ResticMaintenance.Lock> locks) {
    return locks.stream().map(ResticMaintenance.Lock::hostname).toList();
  }

  private JobReport check(Options options, String locks) throws Exception {
    String findings = maintenance.check(options.readDataSubset());
    if (findings != null) {
      return new JobReport(false, "restic check found damage: " + findings, null, null, null, null, null,
          new JobReport.MaintenanceSummary(null, null, null, removed, kept, true));
    }
    long size = maintenance.size();
    return new JobReport(true, "no errors were found" + (options.readDataSubset() == null ? ""
        : " (data read back: " + options.readDataSubset() + ")"), null, null, null, null, null,
        new JobReport.MaintenanceSummary(null, size, null, removed, kept, null));
  }

  private JobReport prune(Options options) throws Exception {
    ResticMaintenance.PruneSizes sizes = maintenance.prune(options.maxUnused());
    return new JobReport(true, "pruned", null, null, null, null, null,
        new JobReport.MaintenanceSummary(sizes.before(), sizes.after(), null, removed, kept, null));
  }

  private JobReport verify(String namespace, String name, Options options) throws Exception {
    // A namespace's Repository lists its own snapshots only: another namespace's are not its to see or import.
    List<SnapshotInfo> snapshots = SnapshotInventory.fromRestic(restic.snapshotsJson(
        options.snapshotHost() == null ? List.of() : List.of("--host", options.snapshotHost())));
    KubernetesClient kube = client.get();
    Repository repository = kube.resources(Repository.class).inNamespace(namespace).withName(name).get();
    if (repository == null) {
      return JobReport.failure("Repository " + namespace + "/" + name + " not found");
    }
    SnapshotInventory.write(kube, repository, options.job(), snapshots);
    return new JobReport(true, snapshots.size() + " snapshot(s) listed", null, null, null, null, null,
        new JobReport.MaintenanceSummary(null, null, snapshots.size(), removed, kept, null));
  }
}
