package dev.lifeboat.cluster;

import dev.lifeboat.lifecycle.Action;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * Every write the engine makes goes through here, so tests can count writes, or stop the engine
 * right after write N to prove that a restart converges.
 */
public interface ApiWriter {
  /** Creates the Job; one that already exists under that name counts as created. */
  void createJob(Job job);

  /** Deletes the Job and its pods; a missing Job counts as deleted. */
  void deleteJob(String namespace, String name);

  /**
   * JSON-patches the status subresource with {@code patch} (only the fields the decision changed,
   * see {@link StatusPatch}), guarded by the resourceVersion of {@code resource} as it was read.
   *
   * @return the object as stored after the patch
   * @throws StatusConflictException when someone wrote the object since it was read
   */
  <T extends HasMetadata> T patchStatus(T resource, ArrayNode patch);

  /** Best effort: failures are swallowed, an Event never blocks a transition. */
  void recordEvent(HasMetadata involved, Action.RecordEvent event);

  /**
   * Takes the Lease for {@code holder}, starting from {@code current} (the cached Lease, or null when
   * there is none); throws {@link StatusConflictException} when someone else got it first or the
   * server's copy moved past {@code current}.
   *
   * @return whether it wrote (false: {@code holder} held it already)
   */
  boolean acquireLock(HasMetadata current, String namespace, String lease, String holder, boolean takeOver);

  /** Refreshes the Lease's renewTime while {@code holder} holds it (a sign of life; the lock has no expiry). */
  void renewLock(HasMetadata lease, String holder);

  /** Frees the Lease {@code current} (as cached; null: nothing to free) if {@code holder} holds it; true if it wrote. */
  boolean releaseLock(HasMetadata current, String holder);

  /**
   * Stores a workload's replicas in the restore data ConfigMap {@code current} (as cached; null:
   * create it) unless an entry is already there; true if it wrote.
   */
  boolean saveReplicas(HasMetadata owner, HasMetadata current, String configMap, String workload, int replicas);

  /**
   * Sets spec.replicas of {@code current} (a cached Deployment or StatefulSet; null: gone) unless it
   * has that value already; true if it wrote.
   */
  boolean scaleWorkload(HasMetadata current, int replicas);

  /**
   * Adds or removes a finalizer on a PVC, or on any object, unless it is already so.
   *
   * @return the new resourceVersion when this call wrote, else null (a later status write of the
   *     same object must be guarded by the version this write produced, not the one read before)
   */
  String setFinalizer(HasMetadata object, String finalizer, boolean present);

  /** Creates any object (a Schedule's Backup); one that already exists under that name counts as created. */
  void createObject(HasMetadata object);

  /** Deletes any object by kind and name (background propagation); a missing one counts as deleted. */
  void deleteObject(Class<? extends HasMetadata> kind, String namespace, String name);

  /** Deletes an object of any kind by apiVersion and kind (a VolumeSnapshot); a missing one, or kind, counts as deleted. */
  void deleteGeneric(String apiVersion, String kind, String namespace, String name);

  /**
   * Runs a command in a pod's container ({@code pods/exec}), waiting at most {@code timeout}: a backup's hook. Its
   * effects are the application's, so it counts as a write.
   */
  ExecResult exec(String namespace, String pod, String container, java.util.List<String> command,
      java.time.Duration timeout);

  /**
   * What a command run in a pod did.
   *
   * @param exitCode its exit code; null when it did not end within its time or could not be run
   * @param output the tail of its stdout and stderr
   * @param error why it has no exit code (timed out, the exec was refused), or null
   */
  record ExecResult(Integer exitCode, String output, String error, long millis) {}

  /** Creates the object, or replaces the spec of the one of that name (a Schedule's CronJob). */
  void applyObject(HasMetadata object);

  /**
   * Applies a JSON merge patch to the object as it was read (any kind, lifeboat's, Kubernetes' or a
   * custom one), guarded by its resourceVersion: a hibernation target's shutdown or wake-up, the
   * hibernate data ConfigMap.
   *
   * @throws StatusConflictException when the object changed since it was read
   */
  void mergePatch(HasMetadata current, String patch);

  /** The stored object changed since we read it: re-read and decide again. */
  final class StatusConflictException extends RuntimeException {
    public StatusConflictException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
