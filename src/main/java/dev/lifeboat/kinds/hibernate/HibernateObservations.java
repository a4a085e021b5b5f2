package dev.lifeboat.kinds.hibernate;

import dev.lifeboat.engine.CacheFirstView;
import dev.lifeboat.engine.ReconcileContext;
import dev.lifeboat.engine.Workloads;
import dev.lifeboat.cluster.ClusterView;
import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.api.Restore;
import dev.lifeboat.hibernate.HibernateData;
import dev.lifeboat.hibernate.TargetException;
import dev.lifeboat.hibernate.TargetExecutor;
import dev.lifeboat.hibernate.TargetExecutors;
import dev.lifeboat.lifecycle.WorkloadView;
import dev.lifeboat.lifecycle.hibernate.HibernateObservation;
import dev.lifeboat.lifecycle.hibernate.HibernateValidation;
import dev.lifeboat.lifecycle.hibernate.TargetObservation;
import dev.lifeboat.lifecycle.restore.RestoreCleanup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.lifeboat.hibernate.PlanItems;
import java.time.Instant;
import java.util.ArrayList;

/**
 * What {@code HibernateLifecycle} needs of a plan: each target's objects and state (read fresh: a
 * capture that missed a scale-up would save 0), its restore points and marks, and whether a restore
 * holds one of its workloads.
 */
final class HibernateObservations {
  private HibernateObservations() {}

  /**
   * @param fromServer read everything live; otherwise the restore data and wholly cached kinds
   *     (Deployments, StatefulSets) come from the cache, which may lag: fine for deciding what to
   *     do next (every action reads live again and is idempotent), confirmed live before a failure
   *     is recorded
   */
  static HibernateObservation observe(HibernatePlan plan, ReconcileContext ctx, boolean fromServer) {
    String ns = plan.getMetadata().getNamespace();
    List<String> outOfReach = HibernateValidation.reach(plan.getSpec(), ns, ctx.jobs().settings().tenancy());
    if (!outOfReach.isEmpty() || !HibernateValidation.problems(plan.getSpec(), plan.getMetadata().getAnnotations())
        .isEmpty()) {
      return HibernateObservation.outOfReach(outOfReach); // the lifecycle stops at the spec
    }
    HibernateData.Stored stored = HibernateData.read(fromServer ? ctx.live() : ctx.cache(), plan);
    ClusterView view = fromServer ? ctx.live() : new CacheFirstView(ctx.cache(), ctx.live());
    Map<String, String> restoring = restoring(ctx, ns);
    Map<String, TargetObservation> targets = new LinkedHashMap<>();
    for (HibernateTarget t : plan.getSpec().targets) {
      TargetExecutor executor = TargetExecutors.forType(t.type).orElseThrow();
      TargetExecutor.State state;
      String problem = null;
      if (executor.remote()) { // cloud targets are read by their Jobs: the controller has no credentials for them
        List<String> problems = new ArrayList<>();
        state = RemoteSteps.observe(plan, t, stored, ctx, problems);
        problem = problems.isEmpty() ? null : problems.get(0);
      } else {
        try {
          state = executor.observe(view, ns, t);
        } catch (TargetException | IllegalArgumentException e) {
          state = new TargetExecutor.State(List.of(), false, false, false, null);
          problem = e.getMessage();
        }
      }
      String blockedBy = state.items().stream().filter(restoring::containsKey).findFirst()
          .map(item -> item + " is being restored by " + restoring.get(item)).orElse(null);
      targets.put(t.name, new TargetObservation(t.name, state.items(), state.stopped(), state.settled(), state.ready(),
          stored.committed().get(t.name), stored.pending().get(t.name), stored.marked().contains(t.name), blockedBy,
          problem, state.warning()));
    }
    return new HibernateObservation(targets, !stored.marked().isEmpty(), olderPlansItems(plan, ctx, view));
  }

  /**
   * What the plans of the namespace created before this one target (their in-cluster items; cloud targets are the
   * Jobs' to read) → "HibernatePlan NAME". The older plan keeps an object; a newer one selecting it is refused.
   */
  static Map<String, String> olderPlansItems(HibernatePlan plan, ReconcileContext ctx, ClusterView view) {
    List<HibernatePlan> older = ctx.cache().list(HibernatePlan.class, plan.getMetadata().getNamespace()).stream()
        .filter(other -> !other.getMetadata().getName().equals(plan.getMetadata().getName())
            && createdBefore(other, plan) && other.getMetadata().getDeletionTimestamp() == null
            && HibernateValidation.problems(other.getSpec(), other.getMetadata().getAnnotations()).isEmpty()
            && HibernateValidation.reach(other.getSpec(), other.getMetadata().getNamespace(),
                ctx.jobs().settings().tenancy()).isEmpty())
        .toList();
    return PlanItems.of(older, view);
  }

  /** Older by creation time, then by name (so that of two plans exactly one is first). */
  private static boolean createdBefore(HibernatePlan a, HibernatePlan b) {
    String ta = String.valueOf(a.getMetadata().getCreationTimestamp());
    String tb = String.valueOf(b.getMetadata().getCreationTimestamp());
    int byTime = Instant.parse(ta.equals("null") ? "1970-01-01T00:00:00Z" : ta)
        .compareTo(Instant.parse(tb.equals("null") ? "1970-01-01T00:00:00Z" : tb));
    return byTime != 0 ? byTime < 0 : a.getMetadata().getName().compareTo(b.getMetadata().getName()) < 0;
  }

  /** Workloads an unfinished Restore of the namespace stops and starts → that Restore (its lock holder name). */
  private static Map<String, String> restoring(ReconcileContext ctx, String ns) {
    Map<String, String> held = new LinkedHashMap<>();
    for (Restore r : ctx.cache().list(Restore.class, ns)) {
      boolean unfinished = r.getStatus() == null || r.getStatus().phase == null
          || !RestoreCleanup.isSettled(r.getStatus().phase);
      if (unfinished && r.getSpec() != null && r.getSpec().stopApplications != null) {
        String claim = r.getStatus() == null ? null : r.getStatus().targetPvc;
        for (WorkloadView w : Workloads.observe(ctx, ns, r.getSpec().stopApplications, false, claim).views()) {
          held.putIfAbsent(w.ref(), "Restore/" + ns + "/" + r.getMetadata().getName());
        }
      }
    }
    return held;
  }
}
