package dev.lifeboat.lifecycle;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;

/** Sets a condition in a list the Kubernetes way: lastTransitionTime moves only on a change of status. */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String INCOMPLETE = "Incomplete";
  /** On a Repository: what its last check found. */
  public static final String HEALTHY = "Healthy";
  /** On a Ready Backup: the repository's last verify did not find its snapshot. */
  public static final String SNAPSHOT_MISSING = "SnapshotMissing";

  private Conditions() {}

  public static void set(List<Condition> conditions, String type, boolean status, String reason,
      String message, Long generation, Instant now) {
    String value = status ? "True" : "False";
    Condition existing = conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    if (existing == null) {
      existing = new Condition();
      existing.setType(type);
      conditions.add(existing);
    }
    if (!value.equals(existing.getStatus())) {
      existing.setLastTransitionTime(now.toString());
    }
    existing.setStatus(value);
    existing.setReason(reason);
    existing.setMessage(message);
    existing.setObservedGeneration(generation);
  }

  public static Condition find(List<Condition> conditions, String type) {
    return conditions == null ? null
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }
}
