package dev.lifeboat.engine;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Repository;
import dev.lifeboat.cluster.ClusterView;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobView;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Concurrency limits on lifeboat's Jobs: install-wide (the controller's {@code --max-concurrent-jobs}), per
 * Repository ({@code spec.maxConcurrentJobs}) and per node ({@code --max-concurrent-jobs-per-node}, for a backup
 * whose node is known before it starts: a claim pinned to one, a local volume's or one a running pod has attached;
 * any other backup's node is the scheduler's choice, made after the Job exists). A Job counts on a node once its pod
 * is placed there, or from its creation when it is pinned ({@link #PINNED_NODE}). A backup Job starts only when a
 * slot is free in each limit that applies; the others wait
 * as Pending ("waiting: 20 of 20 slots busy install-wide"), and free slots go to the Backups waiting longest first
 * ({@code status.queuedSince}, then creation), so no claim is starved by younger ones. Restores and maintenance are
 * never held (an incident's restore does not queue behind a night's backups) but take slots.
 *
 * <p>Jobs count from the cache while they run. A Job just created is not in the cache yet: the slot it took is
 * reserved here until the cache shows it (or {@link #RESERVATION} passes, when it was not created after all), so
 * two reconciles in parallel, or one right after another, never both take the last slot.
 */
public final class JobSlots {
  static final Duration RESERVATION = Duration.ofSeconds(30);
  /** Annotation of a backup Job pinned to a node (its claim's): it counts there before its pod is placed. */
  public static final String PINNED_NODE = "lifeboat.dev/pinned-node";
  private final int installWide;
  private final int perNode;
  /** namespace/job name → until when its slot is held for it. */
  private final Map<String, Reserved> reserved = new ConcurrentHashMap<>();
  /** namespace/Backup → when this controller first told it to wait (its status says so once the cache catches up). */
  private final Map<String, Instant> queued = new ConcurrentHashMap<>();
  /**
   * namespace/Backup told to wait by its Repository's or its node's own limit (the install-wide check let it pass):
   * not ahead of anyone install-wide.
   */
  private final Set<String> heldByOwnLimit = ConcurrentHashMap.newKeySet();

  private record Reserved(String namespace, String repository, String node, Instant until) {}

  /** Whether a Job's end wakes the queue's head ({@link SlotWakeups}: a controller), so the queue need not poll. */
  private volatile boolean wokenWhenSlotsFree;

  public JobSlots(int installWide) {
    this(installWide, 0);
  }

  /** @param perNode at most this many on one node (0: no limit) */
  public JobSlots(int installWide, int perNode) {
    this.installWide = installWide;
    this.perNode = perNode;
  }

  /**
   * Why {@code backup}'s Job must wait, or null when it may start: then its slot is reserved.
   *
   * @param jobName the Job it would create
   * @param node the node its pod will run on, when known before it starts (its claim is pinned there), else null
   */
  public synchronized String acquire(ClusterView cache, Backup backup, Repository repository, String jobName,
      String node, Instant now) {
    Integer perRepository = repository == null ? null : repository.getSpec().maxConcurrentJobs;
    boolean nodeLimited = perNode > 0 && node != null;
    if (installWide <= 0 && (perRepository == null || perRepository <= 0) && !nodeLimited) {
      return null;
    }
    String ns = backup.getMetadata().getNamespace();
    List<Job> running = cache.list(Job.class, null).stream()
        .filter(j -> Labels.MANAGED_BY_VALUE.equals(j.getMetadata().getLabels() == null ? null
            : j.getMetadata().getLabels().get(Labels.MANAGED_BY)))
        .filter(j -> JobViews.of(j, List.of()).state() == JobView.JobState.ACTIVE).toList();
    // A Backup making its copy (Snapshot, Clone) holds its slot before its Job exists.
    List<Backup> copying = cache.list(Backup.class, null).stream()
        .filter(b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Copying).toList();
    reserved.entrySet().removeIf(e -> e.getValue().until().isBefore(now) || running.stream()
        .anyMatch(j -> e.getKey().equals(j.getMetadata().getNamespace() + "/" + j.getMetadata().getName())));
    String self = ns + "/" + backup.getMetadata().getName();
    Comparator<Backup> order = order();
    List<Backup> pending = cache.list(Backup.class, null).stream()
        .filter(b -> b.getStatus() == null || b.getStatus().phase == null || b.getStatus().phase == BackupPhase.Pending)
        .toList();
    List<String> pendingKeys = pending.stream().map(JobSlots::key).toList();
    queued.keySet().retainAll(pendingKeys); // started elsewhere, failed or deleted
    heldByOwnLimit.retainAll(pendingKeys);
    List<Backup> queue = pending.stream().filter(b -> queuedSince(b) != null)
        .filter(b -> !self.equals(key(b)))
        .filter(b -> order.compare(b, backup) < 0)
        .toList();
    if (installWide > 0) {
      int busy = running.size() + copying.size() + reserved.size();
      // one held by its Repository's own limit takes no install-wide slot, so it is not ahead of anyone there
      int waitingAhead = (int) queue.stream().filter(b -> !heldByOwnLimit.contains(key(b))).count();
      String wait = wait(busy, installWide, waitingAhead, "install-wide");
      if (wait != null) {
        queued.putIfAbsent(self, now);
        return wait;
      }
    }
    if (perRepository != null && perRepository > 0) {
      String label = JobNames.labelValue(repository.getMetadata().getName());
      Predicate<Job> ofRepository = j -> ns.equals(j.getMetadata().getNamespace())
          && label.equals(j.getMetadata().getLabels().get(Labels.REPOSITORY));
      int busy = (int) running.stream().filter(ofRepository).count() + (int) reserved.values().stream()
          .filter(r -> ns.equals(r.namespace()) && label.equals(r.repository())).count()
          + (int) copying.stream().filter(b -> ns.equals(b.getMetadata().getNamespace())
              && repository.getMetadata().getName().equals(b.getSpec().repository)).count();
      int waitingAhead = (int) queue.stream().filter(b -> ns.equals(b.getMetadata().getNamespace())
          && repository.getMetadata().getName().equals(b.getSpec().repository)).count();
      String wait = wait(busy, perRepository, waitingAhead, "for Repository " + repository.getMetadata().getName());
      if (wait != null) {
        queued.putIfAbsent(self, now);
        heldByOwnLimit.add(self);
        return wait;
      }
    }
    if (nodeLimited) {
      int busy = (int) running.stream().filter(j -> node.equals(nodeOf(cache, j))).count()
          + (int) reserved.values().stream().filter(r -> node.equals(r.node())).count();
      // No queue of its own: the Backups queued ahead of this one on the same node are not known (a waiting
      // Backup's node is worked out only when it may start), so a node's free slot goes to whichever looks first.
      String wait = wait(busy, perNode, 0, "on node " + node);
      if (wait != null) {
        queued.putIfAbsent(self, now);
        heldByOwnLimit.add(self);
        return wait;
      }
    }
    reserved.put(ns + "/" + jobName, new Reserved(ns, repository == null ? null
        : JobNames.labelValue(repository.getMetadata().getName()), node, now.plus(RESERVATION)));
    queued.remove(self);
    heldByOwnLimit.remove(self);
    return null;
  }

  /** The node a running Job's pod is on, or the one it is pinned to while its pod is not placed yet; else null. */
  private static String nodeOf(ClusterView cache, Job job) {
    for (var pod : cache.podsOfJob(job.getMetadata().getNamespace(), job.getMetadata().getName())) {
      if (pod.getSpec() != null && pod.getSpec().getNodeName() != null && (pod.getStatus() == null
          || !List.of("Succeeded", "Failed").contains(pod.getStatus().getPhase()))) {
        return pod.getSpec().getNodeName();
      }
    }
    return job.getMetadata().getAnnotations() == null ? null : job.getMetadata().getAnnotations().get(PINNED_NODE);
  }

  /** From now on a Job's end wakes the Backups at the head of the queue (the controller's Job informer does it). */
  void wakeWhenSlotsFree() {
    wokenWhenSlotsFree = true;
  }

  /**
   * When a queued Backup looks again by itself: as its lifecycle says (soon) when nothing wakes it, else only as a
   * fallback for a lost event.
   */
  public java.time.Duration queuedRecheck(java.time.Duration lifecycles) {
    return wokenWhenSlotsFree ? SlotWakeups.FALLBACK : lifecycles;
  }

  /** A restore's or maintenance Job, which is never held: its slot is taken until the cache shows it. */
  public void taken(String namespace, String jobName, Repository repository, Instant now) {
    reserved.put(namespace + "/" + jobName, new Reserved(namespace, repository == null ? null
        : JobNames.labelValue(repository.getMetadata().getName()), null, now.plus(RESERVATION)));
  }

  /**
   * Why it waits, in words that stay the same while the queue moves (each change would be a status write of every
   * waiting Backup).
   */
  private static String wait(int busy, int limit, int waitingAhead, String scope) {
    if (busy + waitingAhead < limit) {
      return null;
    }
    return busy >= limit ? busy + " of " + limit + " slots busy " + scope
        : "the free slots go to Backups waiting longer (limit " + limit + " " + scope + ")";
  }

  private static String key(Backup b) {
    return b.getMetadata().getNamespace() + "/" + b.getMetadata().getName();
  }

  /** Since when it waits: its status, or (the cache not showing that write yet) what this controller told it. */
  private Instant queuedSince(Backup b) {
    if (b.getStatus() != null && b.getStatus().queuedSince != null) {
      return Instant.parse(b.getStatus().queuedSince);
    }
    return queued.get(key(b));
  }

  /** Who waits longer goes first: earlier queuedSince (one not queued yet is last), then creation, then name. */
  private Comparator<Backup> order() {
    return Comparator.comparing((Backup b) -> queuedSince(b) == null ? Instant.MAX : queuedSince(b))
        .thenComparing(b -> String.valueOf(b.getMetadata().getCreationTimestamp()))
        .thenComparing(JobSlots::key);
  }
}
