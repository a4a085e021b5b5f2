package dev.lifeboat.engine;

import dev.lifeboat.lifecycle.Action;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

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
   * Replaces the status subresource, guarded by the object's resourceVersion.
   *
   * @throws StatusConflictException when someone wrote the object since it was read
   */
  <T extends HasMetadata> T updateStatus(T resource);

  /** Best effort: failures are swallowed, an Event never blocks a transition. */
  void recordEvent(HasMetadata involved, Action.RecordEvent event);

  /** The stored object changed since we read it: re-read and decide again. */
  final class StatusConflictException extends RuntimeException {
    public StatusConflictException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
