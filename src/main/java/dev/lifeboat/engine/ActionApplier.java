package dev.lifeboat.engine;

import dev.lifeboat.cluster.StatusPatch;
import dev.lifeboat.cluster.ResourceKey;
import dev.lifeboat.cluster.ApiWriter;
import dev.lifeboat.cluster.ClusterView;
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
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;
import dev.lifeboat.api.BackupStatus;
import dev.lifeboat.api.Copies;
import dev.lifeboat.lifecycle.Conditions;
import java.util.Objects;

/**
 * Carries out a {@link Decision} for any kind: its actions first (each idempotent by name, each by
 * the one {@link ActionHandler} of its type), then the status (only the fields that changed), then
 * its Events. The order is what makes a crash between any two writes harmless: a status never
 * claims an action that was not done. Every write a reconcile makes goes through here.
 */
public final class ActionApplier {
  private static final Logger LOG = Logger.getLogger(ActionApplier.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ClusterView cache;
  private final ApiWriter writer;
  /** What our writes replaced, so decisions never run on a cached copy that has not seen them. */
  private final OwnWrites ownWrites = new OwnWrites();
  private final Map<Class<? extends Action>, ActionHandler<?>> handlers = new HashMap<>();

  /** What {@link #apply} did: the object's resourceVersion after it (a later write must be guarded by it), and when to look again. */
  public record Applied(String version, Duration requeue) {}

  /**
   * @param reconcilers the kinds, which bring the handlers of their own actions
   * @throws IllegalStateException when an Action type has no handler, or two
   */
  public ActionApplier(ClusterView cache, ApiWriter writer, Reconcilers reconcilers) {
    this.cache = cache;
    this.writer = writer;
    on(Action.CreateJob.class, (create, a) -> writer.createJob(a.renderJob(create)));
    on(Action.DeleteJob.class, (delete, a) -> writer.deleteJob(a.namespace(), delete.jobName()));
    on(Action.RecordEvent.class, (event, a) -> a.event(event));
    on(Action.AcquireLock.class, this::acquireLock);
    on(Action.ReleaseLock.class, (release, a) -> {
      Lease lease = cache.lease(a.namespace(), release.leaseName());
      if (writer.releaseLock(lease, release.holder())) {
        ownWrites.wrote(ResourceKey.of(Lease.class, a.namespace(), release.leaseName()), lease);
      }
    });
    on(Action.AcquireUrlLock.class, (lock, a) -> {
      // No finalizer: a holder that is gone is seen as gone (MaintenanceObservations) and taken over.
      Lease lease = cache.lease(lock.namespace(), lock.leaseName());
      if (writer.acquireLock(lease, lock.namespace(), lock.leaseName(), lock.holder(), lock.takeOver())) {
        ownWrites.wrote(ResourceKey.of(Lease.class, lock.namespace(), lock.leaseName()), lease);
      }
    });
    on(Action.ReleaseUrlLock.class, (release, a) -> {
      Lease lease = cache.lease(release.namespace(), release.leaseName());
      if (writer.releaseLock(lease, release.holder())) {
        ownWrites.wrote(ResourceKey.of(Lease.class, release.namespace(), release.leaseName()), lease);
      }
    });
    on(Action.RenewLock.class, (renew, a) -> writer.renewLock(cache.lease(a.namespace(), renew.leaseName()), renew.holder()));
    on(Action.SaveReplicas.class, (save, a) -> {
      ConfigMap data = cache.configMap(a.namespace(), save.configMap());
      if (writer.saveReplicas(a.resource(), data, save.configMap(), save.workload(), save.replicas())) {
        ownWrites.wrote(ResourceKey.of(ConfigMap.class, a.namespace(), save.configMap()), data);
      }
    });
    on(Action.ScaleWorkload.class, (scale, a) -> {
      String[] kindAndName = scale.workload().split("/", 2);
      HasMetadata workload = cache.workload(a.namespace(), kindAndName[0], kindAndName[1]);
      if (writer.scaleWorkload(workload, scale.replicas())) {
        ownWrites.wrote(ResourceKey.of(workload.getClass(), a.namespace(), kindAndName[1]), workload);
      }
    });
    on(Action.CreateBackup.class, (create, a) -> writer.createObject(create.backup()));
    on(Action.CreateRestore.class, (create, a) -> writer.createObject(create.restore()));
    on(Action.CreateDrill.class, (create, a) -> writer.createObject(create.drill()));
    on(Action.DeleteDrill.class, (delete, a) -> writer.deleteObject(dev.lifeboat.api.Drill.class, a.namespace(),
        delete.name()));
    on(Action.DeleteBackup.class, (delete, a) -> {
      String[] at = delete.name().split("/", 2); // namespace/name: a Schedule's Backup in another namespace
      writer.deleteObject(Backup.class, at.length == 2 ? at[0] : a.namespace(), at.length == 2 ? at[1] : delete.name());
    });
    on(Action.Finalizer.class, (finalizer, a) -> a.wrote(
        writer.setFinalizer(withVersion(a.resource(), a.version()), finalizer.finalizer(), finalizer.present())));
    on(Action.EnsureCronJob.class, (ensure, a) -> writer.applyObject(a.renderCronJob(ensure.name())));
    on(Action.DeleteCronJob.class, (delete, a) -> writer.deleteObject(CronJob.class, a.namespace(), delete.name()));
    on(Action.MarkSnapshotMissing.class, (mark, a) -> markSnapshot(mark));
    for (Reconciler<?> reconciler : reconcilers.all()) {
      reconciler.handlers().forEach(this::put);
    }
    List<String> missing = Arrays.stream(Action.class.getPermittedSubclasses())
        .filter(type -> !handlers.containsKey(type)).map(Class::getSimpleName).sorted().toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException("no handler for " + missing + ": every Action type needs exactly one");
    }
  }

  private <A extends Action> void on(Class<A> type, ActionHandler<A> handler) {
    put(type, handler);
  }

  private void put(Class<? extends Action> type, ActionHandler<?> handler) {
    if (handlers.putIfAbsent(type, handler) != null) {
      throw new IllegalStateException("two handlers for " + type.getSimpleName());
    }
  }

  public ApiWriter writer() {
    return writer;
  }

  /** The Action types this applier carries out: all of them (checked when it is built). */
  public Set<Class<? extends Action>> handledTypes() {
    return Set.copyOf(handlers.keySet());
  }

  /**
   * @param renderJob builds the Job a {@link Action.CreateJob} asks for (the kind knows its Jobs)
   * @param renderCronJob builds the CronJob an {@link Action.EnsureCronJob} names
   */
  public <S, R extends CustomResource<?, S>> Applied apply(ReconcileContext context, R resource, Decision<S> decision,
      Function<Action.CreateJob, Job> renderJob, Function<String, CronJob> renderCronJob) {
    Applying applying = new Applying(context, resource, decision.status(), decision.requeueAfter(), renderJob,
        renderCronJob);
    for (Action action : decision.actions()) {
      handle(action, applying);
    }
    String version = applying.version();
    ArrayNode patch = StatusPatch.between(resource.getStatus(), decision.status());
    Action.RecordEvent phaseEvent = null;
    if (!patch.isEmpty()) {
      HasMetadata patched = writer.patchStatus(withVersion(resource, version), patch);
      version = patched == null ? version : patched.getMetadata().getResourceVersion();
      logTransition(resource, decision.status());
      ownWrites.wrote(ResourceKey.of(resource), resource);
      phaseEvent = phaseChangeEvent(resource.getStatus(), decision, !applying.events().isEmpty());
    }
    for (Action.RecordEvent event : applying.events()) {
      writer.recordEvent(resource, event);
    }
    if (phaseEvent != null) {
      writer.recordEvent(resource, phaseEvent);
    }
    return new Applied(version, applying.requeue());
  }

  @SuppressWarnings("unchecked")
  private <A extends Action> void handle(A action, Applying applying) {
    ((ActionHandler<A>) handlers.get(action.getClass())).handle(action, applying);
  }

  private void acquireLock(Action.AcquireLock lock, Applying a) {
    // The finalizer first: an object deleted while holding the lock still gets to release it.
    a.wrote(writer.setFinalizer(withVersion(a.resource(), a.version()), Labels.LOCK_CLEANUP_FINALIZER, true));
    Lease lease = cache.lease(a.namespace(), lock.leaseName());
    if (writer.acquireLock(lease, a.namespace(), lock.leaseName(), lock.holder(), lock.takeOver())) {
      ownWrites.wrote(ResourceKey.of(Lease.class, a.namespace(), lock.leaseName()), lease);
    }
  }

  /**
   * Every phase change gets an Event ({@code kubectl describe} and Event-based alerting see each
   * step): the lifecycle's own when it records one with this step, else one with the new phase as
   * reason and the status message (a Warning for a failure).
   */
  private static Action.RecordEvent phaseChangeEvent(Object oldStatus, Decision<?> decision, boolean ownEvent) {
    String before = phaseOf(oldStatus);
    String after = phaseOf(decision.status());
    if (after == null || after.equals(before) || ownEvent) {
      return null;
    }
    String message = messageOf(decision.status());
    return new Action.RecordEvent(after.endsWith("Failed") ? Action.EventType.Warning : Action.EventType.Normal, after,
        (before == null ? "" : before + " -> ") + after + (message == null ? "" : ": " + message));
  }

  /** The object as our own writes left it: its status write must not conflict with them. */
  @SuppressWarnings("unchecked")
  private static <R extends HasMetadata> R withVersion(R resource, String version) {
    if (Objects.equals(version, resource.getMetadata().getResourceVersion())) {
      return resource;
    }
    R copy = Copies.deepCopy(resource, (Class<R>) resource.getClass());
    copy.getMetadata().setResourceVersion(version);
    return copy;
  }

  /** One line per phase change (INFO) or other status change (FINE): what an operator follows in the controller's log. */
  private static void logTransition(HasMetadata resource, Object newStatus) {
    String before = phaseOf(((CustomResource<?, ?>) resource).getStatus());
    String after = phaseOf(newStatus);
    String who = resource.getKind() + " " + resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    String message = messageOf(newStatus);
    if (!Objects.equals(before, after)) {
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
    var status = Copies.deepCopy(backup.getStatus(), BackupStatus.class);
    Long generation = backup.getMetadata().getGeneration();
    Conditions.set(status.conditions, Conditions.SNAPSHOT_MISSING,
        mark.missing(), mark.missing() ? "NotInRepository" : "InRepository", mark.message(), generation, mark.at());
    Conditions.set(status.conditions, Conditions.READY, !mark.missing(),
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
  public OwnWrites.Freshness freshness(ResourceKey key, HasMetadata cached) {
    return ownWrites.of(key, cached);
  }
}
