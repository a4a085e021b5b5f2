package dev.lifeboat.engine;

import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.cluster.ResourceKey;
import dev.lifeboat.cluster.ApiWriter;
import dev.lifeboat.cluster.ClusterView;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.BackupSource;
import dev.lifeboat.api.BackupSpec;
import dev.lifeboat.api.BackupStatus;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.RepositoryPhase;
import dev.lifeboat.api.RepositorySpec;
import dev.lifeboat.api.RepositoryStatus;
import dev.lifeboat.api.SecretKeyRef;
import dev.lifeboat.jobs.JobFactory;
import dev.lifeboat.jobs.JobSettings;
import dev.lifeboat.lifecycle.Action;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's own rules, with fakes: conflicts re-read from the server, steady states write nothing. */
class EngineConflictTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

  static class FakeView implements ClusterView {
    Backup backup;
    Repository repository;
    Job job;
    int backupReads;
    int jobReads;

    @Override
    public <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
      Object found = null;
      if (type == Backup.class) {
        backupReads++;
        found = backup;
      } else if (type == Repository.class) {
        found = repository;
      } else if (type == Job.class) {
        jobReads++;
        found = job != null && job.getMetadata().getName().equals(name) ? job : null;
      } else if (type == PersistentVolumeClaim.class) {
        found = new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).endMetadata().build();
      }
      return type.cast(found);
    }

    @Override
    public <T extends HasMetadata> List<T> list(Class<T> type, String namespace) {
      return List.of();
    }

    @Override
    public List<Pod> podsOfJob(String namespace, String jobName) {
      return List.of();
    }
  }

  static final class RecordingWriter implements ApiWriter {
    int conflictsLeft;
    final List<String> writes = new ArrayList<>();

    @Override
    public void createJob(Job job) {
      writes.add("create " + job.getMetadata().getName());
    }

    @Override
    public void createObject(HasMetadata object) {
      writes.add("create " + object.getMetadata().getName());
    }

    @Override
    public void deleteGeneric(String apiVersion, String kind, String namespace, String name) {
      writes.add("delete " + name);
    }

    @Override
    public ExecResult exec(String namespace, String pod, String container, List<String> command,
        java.time.Duration timeout) {
      writes.add("exec " + pod);
      return new ExecResult(0, "", null, 0);
    }

    @Override
    public void deleteObject(Class<? extends HasMetadata> kind, String namespace, String name) {
      writes.add("delete " + name);
    }

    @Override
    public void applyObject(HasMetadata object) {
      writes.add("apply " + object.getMetadata().getName());
    }

    @Override
    public void mergePatch(HasMetadata current, String patch) {
      writes.add("patch " + current.getMetadata().getName());
    }

    @Override
    public void deleteJob(String namespace, String name) {
      writes.add("delete " + name);
    }

    @Override
    public <T extends HasMetadata> T patchStatus(T resource, com.fasterxml.jackson.databind.node.ArrayNode patch) {
      if (conflictsLeft-- > 0) {
        writes.add("conflict rv=" + resource.getMetadata().getResourceVersion());
        throw new StatusConflictException("conflict", null);
      }
      writes.add("status rv=" + resource.getMetadata().getResourceVersion());
      return resource;
    }

    @Override
    public void recordEvent(HasMetadata involved, Action.RecordEvent event) {
      writes.add("event " + event.reason());
    }

    @Override
    public boolean acquireLock(HasMetadata current, String namespace, String lease, String holder, boolean takeOver) {
      writes.add("lock " + lease);
      return true;
    }

    @Override
    public boolean releaseLock(HasMetadata current, String holder) {
      writes.add("unlock " + (current == null ? null : current.getMetadata().getName()));
      return true;
    }

    @Override
    public void renewLock(HasMetadata lease, String holder) {
      writes.add("renew");
    }

    @Override
    public boolean saveReplicas(HasMetadata owner, HasMetadata current, String configMap, String workload, int replicas) {
      writes.add("save " + workload);
      return true;
    }

    @Override
    public boolean scaleWorkload(HasMetadata current, int replicas) {
      writes.add("scale " + (current == null ? null : current.getMetadata().getName()) + " " + replicas);
      return true;
    }

    @Override
    public String setFinalizer(HasMetadata object, String finalizer, boolean present) {
      writes.add("finalizer " + present);
      return null;
    }
  }

  private static Backup backup(String resourceVersion, BackupPhase phase) {
    Backup b = new Backup();
    b.getMetadata().setName("b1");
    b.getMetadata().setNamespace("ns");
    b.getMetadata().setGeneration(1L);
    b.getMetadata().setResourceVersion(resourceVersion);
    b.setSpec(new BackupSpec());
    b.getSpec().repository = "repo";
    b.getSpec().source = new BackupSource("data");
    if (phase != null) {
      b.setStatus(new BackupStatus());
      b.getStatus().phase = phase;
    }
    return b;
  }

  private static Repository readyRepository() {
    Repository r = new Repository();
    r.getMetadata().setName("repo");
    r.getMetadata().setNamespace("ns");
    r.setSpec(new RepositorySpec());
    r.getSpec().url = "local:/x";
    r.getSpec().passwordSecretRef = new SecretKeyRef("s", "password");
    r.setStatus(new RepositoryStatus());
    r.getStatus().phase = RepositoryPhase.Ready;
    return r;
  }

  private static Engine engine(FakeView cache, FakeView live, RecordingWriter writer) {
    return new Engine(Kinds.reconcilers(), cache, live, writer, new JobFactory(new JobSettings("img", "sa", "IfNotPresent")), CLOCK);
  }

  @Test
  void aConflictReReadsTheObjectFromTheServerAndDecidesAgain() {
    FakeView cache = new FakeView();
    cache.backup = backup("5", null);
    cache.repository = readyRepository();
    FakeView live = new FakeView();
    live.backup = backup("9", null);
    live.repository = readyRepository();
    RecordingWriter writer = new RecordingWriter();
    writer.conflictsLeft = 1;
    engine(cache, live, writer).reconcile(new ResourceKey("Backup", "ns", "b1"));
    assertEquals(List.of("create b1-backup", "conflict rv=5", "create b1-backup", "status rv=9", "event Started"),
        writer.writes, "the retry uses the server's copy (rv 9); the Job create is idempotent by name");
    assertEquals(1, live.backupReads);
  }

  /** A key that keeps meeting conflicts is put back on the queue, not retried forever in a loop. */
  @Test
  void conflictsBeyondTheRetryBudgetRequeueTheKey() {
    FakeView cache = new FakeView();
    cache.backup = backup("5", null);
    cache.repository = readyRepository();
    RecordingWriter writer = new RecordingWriter();
    writer.conflictsLeft = 100;
    java.util.Optional<java.time.Duration> again = engine(cache, cache, writer).reconcile(new ResourceKey("Backup", "ns", "b1"));
    assertEquals(java.util.Optional.of(java.time.Duration.ofSeconds(1)), again);
    assertEquals(5, writer.writes.stream().filter(w -> w.startsWith("conflict")).count(), "5 attempts, then requeue");
  }

  @Test
  void aRepositoryMissingFromTheCacheIsConfirmedWithTheServerBeforeFailing() {
    FakeView cache = new FakeView();
    cache.backup = backup("5", null);
    FakeView live = new FakeView();
    live.repository = readyRepository();
    RecordingWriter writer = new RecordingWriter();
    engine(cache, live, writer).reconcile(new ResourceKey("Backup", "ns", "b1"));
    assertEquals(List.of("create b1-backup", "status rv=5", "event Started"), writer.writes,
        "the server has the repository: the backup starts instead of failing");
  }

  @Test
  void aSteadyStateWritesNothing() {
    FakeView cache = new FakeView();
    cache.repository = readyRepository();
    RecordingWriter writer = new RecordingWriter();
    cache.backup = backup("5", null);
    engine(cache, cache, writer).reconcile(new ResourceKey("Backup", "ns", "b1"));
    assertTrue(writer.writes.contains("status rv=5"));
    // Feed the written status back as the stored one, with the Job now in the cache.
    Backup stored = backup("6", BackupPhase.Running);
    stored.setStatus(dev.lifeboat.lifecycle.backup.BackupLifecycle.decide(backup("5", null),
        new dev.lifeboat.lifecycle.backup.BackupObservation(RepositoryPhase.Ready, null,
            dev.lifeboat.lifecycle.PvcState.BOUND, null, null, null), CLOCK.instant()).status());
    cache.backup = stored;
    cache.job = new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder().withNewMetadata().withName("b1-backup")
        .endMetadata().build();
    writer.writes.clear();
    engine(cache, cache, writer).reconcile(new ResourceKey("Backup", "ns", "b1"));
    assertEquals(List.of(), writer.writes);
  }
  /**
   * Right after our own status write the cache still shows the version it replaced: the engine neither
   * decides on it (that would undo the write) nor reads the server, but looks again shortly (the write's
   * watch event normally comes first).
   */
  @Test
  void aCopyOurOwnWriteReplacedIsWaitedOutNotReadLive() {
    FakeView cache = new FakeView();
    cache.backup = backup("5", null);
    cache.repository = readyRepository();
    FakeView live = new FakeView();
    live.backup = backup("6", BackupPhase.Running);
    live.repository = readyRepository();
    RecordingWriter writer = new RecordingWriter();
    Engine engine = engine(cache, live, writer);
    engine.reconcile(new ResourceKey("Backup", "ns", "b1"));
    assertTrue(writer.writes.contains("status rv=5"));
    writer.writes.clear();
    java.util.Optional<java.time.Duration> again = engine.reconcile(new ResourceKey("Backup", "ns", "b1"));
    assertEquals(java.util.Optional.of(Engine.STALE_RECHECK), again);
    assertEquals(List.of(), writer.writes, "nothing decided on the stale copy");
    assertEquals(0, live.backupReads, "and nothing read");
  }
}
