package dev.lifeboat.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One running Job per cache claim, also between two decisions the cache has not caught up with. */
class CacheClaimUseTest {
  private static final Instant NOW = Instant.parse("2026-12-03T02:00:00Z");
  private final List<Job> jobs = new ArrayList<>();
  private final EngineConflictTest.FakeView cache = new EngineConflictTest.FakeView() {
    @Override
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> List<T> list(Class<T> type, String namespace) {
      return type == Job.class ? (List<T>) List.copyOf(jobs) : List.of();
    }
  };
  private final CacheClaimUse use = new CacheClaimUse();

  private static Job job(String name, String claim, boolean active) {
    return new JobBuilder().withNewMetadata().withName(name).withNamespace("prod").addToLabels(Labels.CACHE_CLAIM, claim)
        .endMetadata().withNewStatus().withActive(active ? 1 : 0).withSucceeded(active ? 0 : 1)
        .withConditions(active ? List.of() : List.of(new io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder()
            .withType("Complete").withStatus("True").build()))
        .endStatus().build();
  }

  @Test
  void aSecondJobGetsNoClaimWhileTheFirstHasIt() {
    assertTrue(use.take(cache, "prod", "c", "b1-backup", NOW));
    assertFalse(use.take(cache, "prod", "c", "b2-backup", NOW), "reserved for b1's Job, not in the cache yet");
    assertTrue(use.take(cache, "prod", "c", "b1-backup", NOW), "the same Job again (a retried create) keeps it");
    assertTrue(use.take(cache, "prod", "other", "b3-backup", NOW), "another claim's cache is free");
    jobs.add(job("b1-backup", "c", true));
    assertFalse(use.take(cache, "prod", "c", "b2-backup", NOW.plusSeconds(60)), "b1's Job runs with it");
  }

  @Test
  void theClaimIsFreeOnceItsJobEndsOrNeverCame() {
    assertTrue(use.take(cache, "prod", "c", "b1-backup", NOW));
    jobs.add(job("b1-backup", "c", false));
    assertTrue(use.take(cache, "prod", "c", "b2-backup", NOW.plusSeconds(1)), "b1's Job has ended");
    jobs.clear();
    assertTrue(use.take(cache, "prod", "c", "b3-backup", NOW.plusSeconds(2 + CacheClaimUse.RESERVATION.toSeconds())),
        "b2's Job never appeared: its reservation ran out");
  }
}
