package dev.lifeboat.jobs;

import dev.lifeboat.api.Labels;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import java.util.LinkedHashMap;
import java.util.Map;

/** The labels by which the controller maps what lifeboat made (Jobs, their pods, a copy's claim) back to its owner. */
public final class OwnerLabels {
  private OwnerLabels() {}

  /** lifeboat's, and whose it is. */
  public static Map<String, String> of(String ownerKind, String ownerName) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    labels.put(Labels.OWNER_KIND, ownerKind);
    labels.put(Labels.OWNER_NAME, JobNames.labelValue(ownerName));
    return labels;
  }

  /** A Job's and its pods': also what it is for. */
  public static Map<String, String> ofJob(String ownerKind, String ownerName, JobPurpose purpose) {
    Map<String, String> labels = of(ownerKind, ownerName);
    labels.put(Labels.COMPONENT, purpose.suffix());
    labels.put(Labels.PURPOSE, purpose.suffix());
    return labels;
  }
}
