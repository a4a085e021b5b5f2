package dev.lifeboat.engine;

import dev.lifeboat.lifecycle.PvcState;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;

/** A claim as the lifecycles see it. */
public final class PvcStates {
  private PvcStates() {}

  public static PvcState of(PersistentVolumeClaim pvc) {
    if (pvc == null) {
      return PvcState.MISSING;
    }
    if (pvc.getMetadata().getDeletionTimestamp() != null) {
      return PvcState.TERMINATING;
    }
    String phase = pvc.getStatus() == null ? null : pvc.getStatus().getPhase();
    return phase == null || "Bound".equals(phase) ? PvcState.BOUND : PvcState.PENDING;
  }
}
