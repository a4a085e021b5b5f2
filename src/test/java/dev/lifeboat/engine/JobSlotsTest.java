package dev.lifeboat.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-node limit: Jobs count on the node their pod is on, or the one they are pinned to before it is placed. */
class JobSlotsTest {
  private static final Instant NOW = Instant.parse("2026-12-03T02:00:00Z");
  private final List<Job> jobs = new ArrayList<>();
  private final Map<String, List<Pod>> pods = new HashMap<>();
  private final EngineConflictTest.FakeView cache = new EngineConflictTest.FakeView() {
    @Override
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> List<T> list(Class<T> type, String namespace) {
      return type == Job.class ? (List<T>) List.copyOf(jobs) : List.of();
    }

    @Override
    public List<Pod> podsOfJob(String namespace, String jobName) {
      return pods.getOrDefault(jobName, List.of());
    }
  };

  private static Backup backup(String name) {
    Backup b = new Backup();
    b.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("prod").build());
    b.setSpec(new dev.lifeboat.api.BackupSpec());
    return b;
  }

  private static Job running(String name, String pinnedTo) {
    JobBuilder job = new JobBuilder().withNewMetadata().withName(name).withNamespace("prod")
        .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).endMetadata().withNewStatus().withActive(1).endStatus();
    if (pinnedTo != null) {
      job.editMetadata().addToAnnotations(JobSlots.PINNED_NODE, pinnedTo).endMetadata();
    }
    return job.build();
  }

  private static Pod pod(String node, String phase) {
    return new PodBuilder().withNewSpec().withNodeName(node).endSpec().withNewStatus().withPhase(phase).endStatus().build();
  }

  @Test
  void aNodeTakesAsManyBackupsAsItsLimitAndOtherNodesAndUnpinnedOnesAreNotHeld() {
    JobSlots slots = new JobSlots(0, 2);
    assertNull(slots.acquire(cache, backup("a"), null, "a-backup", "node-1", NOW));
    assertNull(slots.acquire(cache, backup("b"), null, "b-backup", "node-1", NOW));
    assertEquals("2 of 2 slots busy on node node-1", slots.acquire(cache, backup("c"), null, "c-backup", "node-1", NOW),
        "two reserved there, not yet in the cache");
    assertNull(slots.acquire(cache, backup("d"), null, "d-backup", "node-2", NOW), "another node");
    assertNull(slots.acquire(cache, backup("e"), null, "e-backup", null, NOW), "not pinned: the scheduler places it");
  }

  @Test
  void runningJobsCountWhereTheirPodIsOrWhereTheyArePinned() {
    JobSlots slots = new JobSlots(0, 1);
    jobs.add(running("x-backup", null));
    pods.put("x-backup", List.of(pod("node-1", "Running")));
    assertEquals("1 of 1 slots busy on node node-1", slots.acquire(cache, backup("a"), null, "a-backup", "node-1", NOW),
        "an unpinned Job's pod placed on node-1 counts there");
    jobs.add(running("y-backup", "node-2"));
    assertEquals("1 of 1 slots busy on node node-2", slots.acquire(cache, backup("b"), null, "b-backup", "node-2", NOW),
        "a pinned Job counts on its node before its pod is placed");
    pods.put("x-backup", List.of(pod("node-1", "Failed"), pod("node-3", "Running")));
    assertNull(slots.acquire(cache, backup("c"), null, "c-backup", "node-1", NOW), "its failed pod freed node-1");
    assertEquals("1 of 1 slots busy on node node-3", slots.acquire(cache, backup("d"), null, "d-backup", "node-3", NOW));
  }
}
