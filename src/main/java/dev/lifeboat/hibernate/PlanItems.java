package dev.lifeboat.hibernate;

import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.cluster.ClusterView;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The in-cluster objects that plans target, each with the first plan (in the order given) that targets it: an object
 * belongs to at most one plan. Cloud targets are left out (their Jobs read them; the controller has no credentials).
 */
public final class PlanItems {
  private PlanItems() {}

  /** Object ({@code deployment/web}) → "HibernatePlan NAME", over {@code plans} in order. */
  public static Map<String, String> of(Iterable<HibernatePlan> plans, ClusterView view) {
    Map<String, String> owned = new LinkedHashMap<>();
    for (HibernatePlan plan : plans) {
      for (HibernateTarget t : plan.getSpec().targets) {
        TargetExecutor executor = TargetExecutors.forType(t.type).orElse(null);
        if (executor == null || executor.remote()) {
          continue;
        }
        try {
          executor.observe(view, plan.getMetadata().getNamespace(), t).items()
              .forEach(item -> owned.putIfAbsent(item, "HibernatePlan " + plan.getMetadata().getName()));
        } catch (TargetException | IllegalArgumentException e) {
          // that plan reports its own problem
        }
      }
    }
    return owned;
  }
}
