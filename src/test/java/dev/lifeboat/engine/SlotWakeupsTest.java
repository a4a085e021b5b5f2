package dev.lifeboat.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.BackupStatus;
import dev.lifeboat.api.Labels;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Job's end wakes the head of the slot queue, oldest first, and nothing else does. */
class SlotWakeupsTest {
  private final List<Backup> backups = new ArrayList<>();
  private final List<String> woken = new ArrayList<>();
  private final SlotWakeups wakeups = new SlotWakeups(() -> List.copyOf(backups), k -> woken.add(k.name()));

  private static Backup queued(String name, String since, BackupPhase phase) {
    Backup b = new Backup();
    b.getMetadata().setName(name);
    b.getMetadata().setNamespace("ns-" + name.charAt(0)); // the queue is install-wide: any namespace
    b.getMetadata().setCreationTimestamp("2026-12-03T01:00:00Z");
    b.setStatus(new BackupStatus());
    b.getStatus().phase = phase;
    b.getStatus().queuedSince = since;
    return b;
  }

  private static Job job(boolean lifeboats, boolean active) {
    JobBuilder job = new JobBuilder().withNewMetadata().withName("j").withNamespace("x")
        .addToLabels(Labels.MANAGED_BY, lifeboats ? Labels.MANAGED_BY_VALUE : "someone-else").endMetadata();
    return active ? job.withNewStatus().withActive(1).endStatus().build()
        : job.withNewStatus().withSucceeded(1).withConditions(new JobConditionBuilder().withType("Complete")
            .withStatus("True").build()).endStatus().build();
  }

  @Test
  void anEndedJobWakesTheLongestWaitingFirst() {
    backups.add(queued("e", "2026-12-03T02:00:05Z", BackupPhase.Pending));
    backups.add(queued("a", "2026-12-03T02:00:00.500Z", BackupPhase.Pending));
    backups.add(queued("b", "2026-12-03T02:00:01Z", BackupPhase.Pending));
    backups.add(queued("r", "2026-12-03T01:00:00Z", BackupPhase.Running)); // started: not waiting any more
    backups.add(queued("c", "2026-12-03T02:00:00Z", BackupPhase.Pending));
    backups.add(queued("d", "2026-12-03T02:00:03Z", BackupPhase.Pending));
    backups.add(queued("n", null, BackupPhase.Pending)); // waits for something else (its repository), not a slot
    wakeups.onUpdate(job(true, true), job(true, false));
    assertEquals(List.of("c", "a", "b", "d"), woken, "the head of the queue, in order, " + SlotWakeups.HEAD + " of it");
  }

  @Test
  void onlyAnEndingJobOfLifeboatsWakes() {
    backups.add(queued("a", "2026-12-03T02:00:00Z", BackupPhase.Pending));
    wakeups.onUpdate(job(true, true), job(true, true));
    wakeups.onUpdate(job(false, true), job(false, false));
    wakeups.onUpdate(job(true, false), job(true, false));
    wakeups.onDelete(job(true, false), false);
    assertEquals(List.of(), woken, "no slot was freed");
    wakeups.onDelete(job(true, true), false);
    assertEquals(List.of("a"), woken, "a running Job deleted frees its slot");
  }
}
