package dev.lifeboat.lifecycle.repository;

import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.lifecycle.Fixtures;
import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.lifecycle.JobView;

import static dev.lifeboat.lifecycle.Fixtures.failed;
import static dev.lifeboat.lifecycle.Fixtures.repository;
import static dev.lifeboat.lifecycle.Fixtures.succeeded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.RepositoryPhase;
import dev.lifeboat.api.RepositoryStatus;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Repository init path, row by row. */
class RepositoryLifecycleTest {
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  static Stream<Arguments> table() {
    JobReport created = new JobReport(true, "repository created", null, null, null, true, null);
    JobReport opened = new JobReport(true, "repository opened", null, null, null, null, null);
    return Stream.of(
        // phase, observedGeneration, generation, init job -> phase, creates job, message part
        Arguments.of(null, null, 1L, null, RepositoryPhase.Initializing, "repo-init-g1", "checking"),
        Arguments.of(RepositoryPhase.Unknown, 1L, 1L, null, RepositoryPhase.Initializing, "repo-init-g1", "checking"),
        Arguments.of(null, null, 1L, JobView.active("repo-init-g1"), RepositoryPhase.Initializing, null, "checking"),
        Arguments.of(null, null, 1L, succeeded("repo-init-g1", created), RepositoryPhase.Ready, null, "created"),
        Arguments.of(RepositoryPhase.Initializing, 1L, 1L, JobView.active("repo-init-g1"), RepositoryPhase.Initializing, null, null),
        Arguments.of(RepositoryPhase.Initializing, 1L, 1L, succeeded("repo-init-g1", created), RepositoryPhase.Ready, null, "repository created"),
        Arguments.of(RepositoryPhase.Initializing, 1L, 1L, succeeded("repo-init-g1", opened), RepositoryPhase.Ready, null, "repository opened"),
        Arguments.of(RepositoryPhase.Initializing, 1L, 1L, failed("repo-init-g1", 3, "wrong password or no key found"), RepositoryPhase.Failed, null, "wrong password"),
        Arguments.of(RepositoryPhase.Initializing, 1L, 1L, null, RepositoryPhase.Failed, null, "was deleted"),
        Arguments.of(RepositoryPhase.Ready, 1L, 1L, null, RepositoryPhase.Ready, null, null),
        Arguments.of(RepositoryPhase.Failed, 1L, 1L, null, RepositoryPhase.Failed, null, null),
        // A spec change (generation 2) checks the repository again with a Job of its own.
        Arguments.of(RepositoryPhase.Ready, 1L, 2L, null, RepositoryPhase.Initializing, "repo-init-g2", "checking"),
        Arguments.of(RepositoryPhase.Failed, 1L, 2L, null, RepositoryPhase.Initializing, "repo-init-g2", "checking"));
  }

  @ParameterizedTest(name = "{0} (observed gen {1}, gen {2}) + job {3} -> {4}")
  @MethodSource("table")
  void transition(RepositoryPhase phase, Long observedGeneration, long generation, JobView job, RepositoryPhase expected,
      String createdJob, String messagePart) {
    Decision<RepositoryStatus> d = RepositoryLifecycle.decide(repository(phase, observedGeneration, generation),
        new RepositoryObservation(job), NOW);
    assertEquals(expected, d.status().phase);
    assertEquals(generation, d.status().observedGeneration);
    List<String> created = d.actions().stream().filter(a -> a instanceof Action.CreateJob)
        .map(a -> ((Action.CreateJob) a).jobName()).toList();
    assertEquals(createdJob == null ? List.of() : List.of(createdJob), created);
    if (messagePart != null) {
      assertTrue(d.status().message.contains(messagePart), d.status().message);
    }
  }

  @org.junit.jupiter.api.Test
  void aMaintenanceOnlySpecChangeNeedsNoNewCheck() {
    var ready = RepositoryLifecycle.decide(repository(null, null, 1L), new RepositoryObservation(
        succeeded("repo-init-g1", new JobReport(true, "opened", null, null, null, null, null))), NOW).status();
    var r = repository(null, null, 2L);
    r.setStatus(ready);
    r.getSpec().maintenance = new dev.lifeboat.api.MaintenanceSpec();
    r.getSpec().maintenance.suspend = true;
    Decision<RepositoryStatus> d = RepositoryLifecycle.decide(r, new RepositoryObservation(null), NOW);
    assertEquals(RepositoryPhase.Ready, d.status().phase);
    assertEquals(2L, d.status().observedGeneration);
    assertTrue(d.actions().stream().noneMatch(a -> a instanceof Action.CreateJob));

    r.getSpec().url = "s3:http://minio/other";
    var moved = RepositoryLifecycle.decide(r, new RepositoryObservation(null), NOW);
    assertEquals(RepositoryPhase.Initializing, moved.status().phase, "a new URL is checked again");
  }
}
