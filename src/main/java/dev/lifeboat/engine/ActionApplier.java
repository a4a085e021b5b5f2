package dev.lifeboat.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Labels;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Decision;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Carries out a {@link Decision} for any kind: its actions first (each idempotent by name), then
 * the status (only the fields that changed), then its Events. The order is what makes a crash
 * between any two writes harmless: a status never claims an action that was not done.
 */
public final class ActionApplier {
  private static final Logger LOG = Logger.getLogger(ActionApplier.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ClusterView cache;
  private final ApiWriter writer;
  /** What our writes replaced, so decisions never run on a cached copy that has not seen them. */
  private final OwnWrites ownWrites = new OwnWrites();

  public ActionApplier(ClusterView cache, ApiWriter writer) {
    this.cache = cache;
    this.writer = writer;
  }

  public ApiWriter writer() {
    return writer;
  }

  public <S, R extends CustomResource<?, S>> String apply(R resource, Decision<S> decision,
      Function<Action.CreateJob, Job> renderJob) {
    return apply(resource, decision, renderJob, name -> {
      throw new IllegalStateException(resource.getKind() + " has no CronJob");
    });
  }

  /**
   * @param renderJob builds the Job a {@link Action.CreateJob} asks for (the kind knows its Jobs)
   * @param renderCronJob builds the CronJob an {@link Action.EnsureCronJob} names
   * @return the object's resourceVersion after these writes (a later write of it must be guarded by it)
   */
  public <S, R extends CustomResource<?, S>> String apply(R resource, Decision<S> decision,
      Function<Action.CreateJob, Job> renderJob, Function<String, CronJob> renderCronJob) {
    String ns = resource.getMetadata().getNamespace();
    String version = resource.getMetadata().getResourceVersion(); // moves on when an action writes the object itself
    for (Action action : decision.actions()) {
      if (action instanceof Action.CreateJob create) {
        writer.createJob(renderJob.apply(create));
      } else if (action instanceof Action.DeleteJob delete) {
        writer.deleteJob(ns, delete.jobName());
      } else if (action instanceof Action.AcquireLock lock) {
        // The finalizer first: an object deleted while holding the lock still gets to release it.
        String written = writer.setFinalizer(withVersion(resource, version), Labels.LOCK_CLEANUP_FINALIZER, true);
        version = written != null ? written : version;
        Lease lease = cache.lease(ns, lock.leaseName());
        if (writer.acquireLock(lease, ns, lock.leaseName(), lock.holder(), lock.takeOver())) {
          ownWrites.wrote(ResourceKey.of(Lease.class, ns, lock.leaseName()), lease);
        }
      } else if (action instanceof Action.ReleaseLock release) {
        Lease lease = cache.lease(ns, release.leaseName());
        if (writer.releaseLock(lease, release.holder())) {
          ownWrites.wrote(ResourceKey.of(Lease.class, ns, release.leaseName()), lease);
        }
      } else if (action instanceof Action.SaveReplicas save) {
        ConfigMap data = cache.configMap(ns, save.configMap());
        if (writer.saveReplicas(resource, data, save.configMap(), save.workload(), save.replicas())) {
          ownWrites.wrote(ResourceKey.of(ConfigMap.class, ns, save.configMap()), data);
        }
      } else if (action instanceof Action.ScaleWorkload scale) {
        String[] kindAndName = scale.workload().split("/", 2);
        HasMetadata workload = cache.workload(ns, kindAndName[0], kindAndName[1]);
        if (writer.scaleWorkload(workload, scale.replicas())) {
          ownWrites.wrote(ResourceKey.of(workload.getClass(), ns, kindAndName[1]), workload);
        }
      } else if (action instanceof Action.CreateBackup create) {
        writer.createObject(create.backup());
      } else if (action instanceof Action.CreateRestore create) {
        writer.createObject(create.restore());
      } else if (action instanceof Action.DeleteBackup delete) {
        writer.deleteObject(Backup.class, ns, delete.name());
      } else if (action instanceof Action.Finalizer finalizer) {
        String written = writer.setFinalizer(withVersion(resource, version), finalizer.finalizer(), finalizer.present());
        version = written != null ? written : version;
      } else if (action instanceof Action.EnsureCronJob ensure) {
        writer.applyObject(renderCronJob.apply(ensure.name()));
      } else if (action instanceof Action.MarkSnapshotMissing mark) {
        markSnapshot(mark);
      } else if (action instanceof Action.DeleteCronJob delete) {
        writer.deleteObject(CronJob.class, ns, delete.name());
      }
    }
    ArrayNode patch = StatusPatch.between(resource.getStatus(), decision.status());
    Action.RecordEvent phaseEvent = null;
    if (!patch.isEmpty()) {
      HasMetadata patched = writer.patchStatus(withVersion(resource, version), patch);
      version = patched == null ? version : patched.getMetadata().getResourceVersion();
      logTransition(resource, decision.status());
      ownWrites.wrote(ResourceKey.of(resource), resource);
      phaseEvent = phaseChangeEvent(resource.getStatus(), decision);
    }
    for (Action action : decision.actions()) {
      if (action instanceof Action.RecordEvent event) {
        writer.recordEvent(resource, event);
      }
    }
    if (phaseEvent != null) {
      writer.recordEvent(resource, phaseEvent);
    }
    return version;
  }

  /**
   * Every phase change gets an Event ({@code kubectl describe} and Event-based alerting see each
   * step): the lifecycle's own when it records one with this step, else one with the new phase as
   * reason and the status message (a Warning for a failure).
   */
  private static Action.RecordEvent phaseChangeEvent(Object oldStatus, Decision<?> decision) {
    String before = phaseOf(oldStatus);
    String after = phaseOf(decision.status());
    if (after == null || after.equals(before)
        || decision.actions().stream().anyMatch(a -> a instanceof Action.RecordEvent)) {
      return null;
    }
    String message = messageOf(decision.status());
    return new Action.RecordEvent(after.endsWith("Failed") ? Action.EventType.Warning : Action.EventType.Normal, after,
        (before == null ? "" : before + " -> ") + after + (message == null ? "" : ": " + message));
  }

  /** The object as our own writes left it: its status write must not conflict with them. */
  @SuppressWarnings("unchecked")
  private static <R extends HasMetadata> R withVersion(R resource, String version) {
    if (java.util.Objects.equals(version, resource.getMetadata().getResourceVersion())) {
      return resource;
    }
    R copy = dev.lifeboat.api.Copies.deepCopy(resource, (Class<R>) resource.getClass());
    copy.getMetadata().setResourceVersion(version);
    return copy;
  }

  /** One line per phase change (INFO) or other status change (FINE): what an operator follows in the controller's log. */
  private static void logTransition(HasMetadata resource, Object newStatus) {
    String before = phaseOf(((CustomResource<?, ?>) resource).getStatus());
    String after = phaseOf(newStatus);
    String who = resource.getKind() + " " + resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    String message = messageOf(newStatus);
    if (!java.util.Objects.equals(before, after)) {
      LOG.info(() -> who + ": " + (before == null ? "(new)" : before) + " -> " + after + (message == null ? "" : ": " + message));
    } else {
      LOG.fine(() -> who + ": " + after + (message == null ? "" : ": " + message));
    }
  }

  private static String phaseOf(Object status) {
    JsonNode node = status == null ? null : JSON.valueToTree(status).get("phase");
    return node == null || node.isNull() ? null : node.asText();
  }

  private static String messageOf(Object status) {
    JsonNode node = status == null ? null : JSON.valueToTree(status).get("message");
    return node == null || node.isNull() ? null : node.asText();
  }

  /** Adds or removes a finalizer on the object itself (the lock clean-up one), if not already so. */
  public void setFinalizer(HasMetadata resource, String finalizer, boolean present) {
    setFinalizer(resource, resource.getMetadata().getResourceVersion(), finalizer, present);
  }

  /** The same, on the object as our own writes left it ({@code version}, from {@link #apply}). */
  public void setFinalizer(HasMetadata resource, String version, String finalizer, boolean present) {
    var finalizers = resource.getMetadata().getFinalizers();
    if ((finalizers != null && finalizers.contains(finalizer)) != present
        && writer.setFinalizer(withVersion(resource, version), finalizer, present) != null) {
      ownWrites.wrote(ResourceKey.of(resource), version);
    }
  }

  /**
   * A verify's finding on one Backup: condition SnapshotMissing, and Ready with it (the phase stays
   * Ready: the Backup did succeed; what it made is gone). Written only when it changes something.
   */
  private void markSnapshot(Action.MarkSnapshotMissing mark) {
    Backup backup = cache.backup(mark.namespace(), mark.backup());
    if (backup == null || backup.getStatus() == null) {
      return;
    }
    var status = dev.lifeboat.api.Copies.deepCopy(backup.getStatus(), dev.lifeboat.api.BackupStatus.class);
    Long generation = backup.getMetadata().getGeneration();
    dev.lifeboat.lifecycle.Conditions.set(status.conditions, dev.lifeboat.lifecycle.Conditions.SNAPSHOT_MISSING,
        mark.missing(), mark.missing() ? "NotInRepository" : "InRepository", mark.message(), generation, mark.at());
    dev.lifeboat.lifecycle.Conditions.set(status.conditions, dev.lifeboat.lifecycle.Conditions.READY, !mark.missing(),
        mark.missing() ? "SnapshotMissing" : "Verified", mark.message(), generation, mark.at());
    status.message = mark.message();
    ArrayNode patch = StatusPatch.between(backup.getStatus(), status);
    if (!patch.isEmpty()) {
      writer.patchStatus(backup, patch);
      writer.recordEvent(backup, new Action.RecordEvent(mark.missing() ? Action.EventType.Warning : Action.EventType.Normal,
          mark.missing() ? "SnapshotMissing" : "SnapshotFound", mark.message()));
    }
  }

  /** Whether the cached copy of {@code key} is one our own write already replaced (see {@link OwnWrites}). */
  OwnWrites.Freshness freshness(ResourceKey key, HasMetadata cached) {
    return ownWrites.of(key, cached);
  }
}
