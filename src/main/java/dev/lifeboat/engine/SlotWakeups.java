package dev.lifeboat.engine;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.Labels;
import dev.lifeboat.cluster.ResourceKey;
import dev.lifeboat.lifecycle.JobView;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Wakes the Backups at the head of the slot queue when one of lifeboat's Jobs ends (or goes): the slot it held is
 * free now, and the longest waiting should take it at once rather than at its next look. The others keep waiting
 * without looking every second: a controller with these wake-ups re-checks a queued Backup only every
 * {@link #FALLBACK} (a lost event costs that delay, no more), where 500 queued Backups each looking every second
 * was most of a controller's work at 02:00.
 */
final class SlotWakeups implements ResourceEventHandler<Job> {
  /** How often a queued Backup looks again by itself when Job ends wake the queue's head. */
  static final Duration FALLBACK = Duration.ofSeconds(15);
  /**
   * How many of the queue's head one ended Job wakes: more than one, since the first may be held by its
   * Repository's own limit and the slot then goes to the next.
   */
  static final int HEAD = 4;

  private final Supplier<List<Backup>> backups;
  private final Consumer<ResourceKey> enqueue;

  /** @param backups every Backup the controller's cache holds */
  SlotWakeups(Supplier<List<Backup>> backups, Consumer<ResourceKey> enqueue) {
    this.backups = backups;
    this.enqueue = enqueue;
  }

  @Override
  public void onAdd(Job job) {}

  @Override
  public void onUpdate(Job before, Job after) {
    if (lifeboats(after) && active(before) && !active(after)) {
      wakeHead();
    }
  }

  @Override
  public void onDelete(Job job, boolean finalStateUnknown) {
    if (lifeboats(job) && active(job)) {
      wakeHead();
    }
  }

  /** The longest waiting queued Backups, in queue order (install-wide: a slot is any namespace's). */
  void wakeHead() {
    List<Backup> head = backups.get().stream()
        .filter(b -> b.getStatus() != null && b.getStatus().phase == BackupPhase.Pending && b.getStatus().queuedSince != null)
        .sorted(Comparator.comparing((Backup b) -> java.time.Instant.parse(b.getStatus().queuedSince))
            .thenComparing(b -> String.valueOf(b.getMetadata().getCreationTimestamp())))
        .limit(HEAD).toList();
    head.forEach(b -> enqueue.accept(ResourceKey.of(b)));
  }

  private static boolean lifeboats(Job job) {
    return job.getMetadata().getLabels() != null
        && Labels.MANAGED_BY_VALUE.equals(job.getMetadata().getLabels().get(Labels.MANAGED_BY));
  }

  private static boolean active(Job job) {
    return JobViews.of(job, List.of()).state() == JobView.JobState.ACTIVE;
  }
}
