package dev.lifeboat.lifecycle.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lifeboat.api.BackupSpec;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.RepositoryPhase;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Fixtures;
import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.lifecycle.JobView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** deletionPolicy Delete: the finalizer, the Job, and when the object may go. */
class RepositoryDeletionTest {
  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

  private static Repository repo(boolean delete, boolean finalizer, boolean deleting) {
    Repository r = Fixtures.repository(RepositoryPhase.Ready, 1L, 1L);
    r.getStatus().readyTime = NOW.toString();
    r.getSpec().deletionPolicy = delete ? BackupSpec.DeletionPolicy.Delete : null;
    if (finalizer) {
      r.getMetadata().setFinalizers(List.of(Labels.DELETE_DATA_FINALIZER));
    }
    if (deleting) {
      r.getMetadata().setDeletionTimestamp(NOW.toString());
    }
    return r;
  }

  private static List<Action> act(Repository r, JobView job) {
    return RepositoryLifecycle.decide(r, new RepositoryObservation(null, MaintenanceObservation.none(), job), NOW).actions()
        .stream().filter(a -> !(a instanceof Action.RecordEvent)).toList();
  }

  @Test
  void theFinalizerFollowsThePolicy() {
    assertEquals(List.of(new Action.Finalizer(Labels.DELETE_DATA_FINALIZER, true)), act(repo(true, false, false), null));
    assertEquals(List.of(new Action.Finalizer(Labels.DELETE_DATA_FINALIZER, false)), act(repo(false, true, false), null));
    assertEquals(List.of(), act(repo(false, false, false), null));
  }

  @Test
  void aDeletionRunsTheJobAndLetsGoOnlyOnSuccess() {
    assertEquals(List.of(new Action.CreateJob(dev.lifeboat.lifecycle.JobPurpose.DELETE_DATA, "repo-delete-data")),
        act(repo(true, true, true), null));
    assertEquals(List.of(), act(repo(true, true, true), JobView.active("repo-delete-data")));
    assertEquals(List.of(new Action.Finalizer(Labels.DELETE_DATA_FINALIZER, false)), act(repo(true, true, true),
        new JobView("repo-delete-data", JobView.JobState.SUCCEEDED, 0, null, new JobReport(true, "removed", null, null,
            null, null, null))));
    Repository failing = repo(true, true, true);
    var d = RepositoryLifecycle.decide(failing, new RepositoryObservation(null, MaintenanceObservation.none(),
        Fixtures.failed("repo-delete-data", 2, "permission denied")), NOW);
    assertEquals(List.of(), d.actions().stream().filter(a -> !(a instanceof Action.RecordEvent)).toList());
    assertEquals(true, d.status().message.contains("permission denied"));
  }

  @Test
  void aUrlThatOtherRepositoriesShareLosesOnlyThisNamespacesSnapshots() {
    Repository shared = repo(true, true, true);
    var d = RepositoryLifecycle.decide(shared, new RepositoryObservation(null, MaintenanceObservation.none(), null,
        List.of("team-b/repo", "team-c/repo")), NOW);
    assertEquals(List.of(new Action.CreateJob(dev.lifeboat.lifecycle.JobPurpose.DELETE_DATA, "repo-delete-data")),
        d.actions().stream().filter(a -> !(a instanceof Action.RecordEvent)).toList());
    assertEquals(true, d.status().message.startsWith("forgetting this namespace's snapshots"), d.status().message);
    assertEquals(true, d.actions().stream().anyMatch(a -> a instanceof Action.RecordEvent e
        && e.reason().equals("DeletingData") && e.message().contains("is also the repository of team-b/repo, team-c/repo")),
        d.actions().toString());
  }

  @Test
  void theDataWaitsForRunningJobsAndForgettingBackups() {
    Repository repository = repo(true, true, true);
    var waiting = RepositoryLifecycle.decide(repository, new RepositoryObservation(null, MaintenanceObservation.none(),
        null, List.of(), List.of("Backup nightly-1", "Job nightly-1-forget")), NOW);
    assertEquals(List.of(), waiting.actions(), "no delete-data Job while others still work in the repository");
    assertEquals("waiting for Backup nightly-1, Job nightly-1-forget to finish before removing the data",
        waiting.status().message);
    assertEquals(RepositoryDeletion.RECHECK, waiting.requeueAfter(), "nothing of theirs wakes a Repository: it looks again");
    var once = RepositoryLifecycle.decide(repository, new RepositoryObservation(null, MaintenanceObservation.none(),
        null, List.of(), List.of()), NOW);
    assertEquals(true, once.actions().contains(new Action.CreateJob(dev.lifeboat.lifecycle.JobPurpose.DELETE_DATA,
        "repo-delete-data")), "then the Job");
  }

  @Test
  void aRetainedRepositoryGoesWithoutAJob() {
    assertEquals(List.of(), act(repo(false, false, true), null));
  }
}
