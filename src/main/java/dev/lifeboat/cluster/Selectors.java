package dev.lifeboat.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/** Equality-based label selectors, as {@code app=x,tier=db}. */
public final class Selectors {
  private Selectors() {}

  public static boolean matches(HasMetadata object, Map<String, String> selector) {
    Map<String, String> labels = object.getMetadata().getLabels();
    if (selector == null || selector.isEmpty()) {
      return false; // an empty selector selects nothing here: stopping everything must be explicit
    }
    return labels != null && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }
}
