package dev.lifeboat.lifecycle.hibernate;

import java.util.Map;

/**
 * What the engine found for one plan.
 *
 * @param targets by target name; a target of the spec missing here counts as not readable
 * @param marksPresent restored marks are left on the ConfigMap (cleared once the plan is Active)
 */
public record HibernateObservation(Map<String, TargetObservation> targets, boolean marksPresent) {
  public HibernateObservation {
    targets = Map.copyOf(targets);
  }
}
