package dev.lifeboat.lifecycle.hibernate;

import java.util.List;
import java.util.Map;

/**
 * What the engine found for one plan.
 *
 * @param targets by target name; a target of the spec missing here counts as not readable
 * @param marksPresent restored marks are left on the ConfigMap (cleared once the plan is Active)
 * @param otherPlans objects that a plan of the namespace created before this one targets → "HibernatePlan NAME":
 *     an object belongs to at most one plan (two would fight over it, and each record the other's zero)
 * @param outOfReach what the plan targets beyond its namespace while it may not ({@link HibernateValidation#reach})
 */
public record HibernateObservation(Map<String, TargetObservation> targets, boolean marksPresent,
    Map<String, String> otherPlans, List<String> outOfReach) {
  public HibernateObservation {
    targets = Map.copyOf(targets);
    otherPlans = Map.copyOf(otherPlans);
    outOfReach = outOfReach == null ? List.of() : List.copyOf(outOfReach);
  }

  public HibernateObservation(Map<String, TargetObservation> targets, boolean marksPresent,
      Map<String, String> otherPlans) {
    this(targets, marksPresent, otherPlans, List.of());
  }

  public HibernateObservation(Map<String, TargetObservation> targets, boolean marksPresent) {
    this(targets, marksPresent, Map.of(), List.of());
  }

  /** A plan refused before anything is read: what it may not reach. */
  public static HibernateObservation outOfReach(List<String> problems) {
    return new HibernateObservation(Map.of(), false, Map.of(), problems);
  }
}
