package dev.lifeboat.kinds.hibernate;

import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.kind.Kind;
import dev.lifeboat.output.Ages;
import dev.lifeboat.output.Column;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The HibernatePlan kind: targets shut down off hours and woken up again. */
public final class HibernateKind {
  public static final Kind<HibernatePlan> KIND = new Kind<>(HibernatePlan.class, "hibernateplans",
      List.of("hibernateplan", "hp", "hibernate"), List.of(
      Column.of("PHASE", (h, now) -> h.getStatus() == null ? "" : String.valueOf(h.getStatus().phase)),
      Column.of("NEXT", (h, now) -> h.getStatus() == null || h.getStatus().nextTransition == null ? ""
          : h.getStatus().nextTransitionTo + " in "
              + Ages.format(Duration.between(now, Instant.parse(h.getStatus().nextTransition)))),
      Column.of("TARGETS", (h, now) -> targets(h)),
      Column.wide("MESSAGE", (h, now) -> h.getStatus() == null ? "" : Column.text(h.getStatus().message)),
      Column.age()),
      new HibernateReconciler(),
      // the cloud steps' Jobs read their plan
      Set.of(), Set.of("get"),
      null);

  private HibernateKind() {}

  /** "3" or, once the plan has worked on them, "2/3 Down" (how many are in the state most of them are in). */
  private static String targets(HibernatePlan h) {
    int total = h.getSpec().targets == null ? 0 : h.getSpec().targets.size();
    if (h.getStatus() == null || h.getStatus().targets.isEmpty()) {
      return String.valueOf(total);
    }
    var counts = new TreeMap<String, Integer>();
    h.getStatus().targets.forEach(t -> counts.merge(String.valueOf(t.state), 1, Integer::sum));
    var top = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
    return top.getValue() + "/" + total + " " + top.getKey();
  }
}
