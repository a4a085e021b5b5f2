package dev.lifeboat.kinds.hibernate;

import dev.lifeboat.engine.JobViews;
import dev.lifeboat.engine.ReconcileContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.api.HibernatePhase;
import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.api.HibernatePlanStatus;
import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.api.HibernateTargetStatus;
import dev.lifeboat.api.Labels;
import dev.lifeboat.hibernate.HibernateData;
import dev.lifeboat.hibernate.TargetExecutor;
import dev.lifeboat.hibernate.TargetExecutors;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.JobView;
import dev.lifeboat.lifecycle.hibernate.HibernateLifecycle;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Cloud targets' steps, carried out in {@code hibernate-manager} Jobs so the controller never holds
 * cloud credentials: one Job per attempt of a step ({@link HibernateLifecycle#jobName}), and what
 * the plan's lifecycle sees of such a target, from its Jobs and the restore data only.
 */
final class RemoteSteps {
  private static final ObjectMapper JSON = new ObjectMapper();
  private RemoteSteps() {}

  /** Shutdowns and restoring wake-ups of remote targets go to a Job; a mark alone is written here. */
  static boolean inJob(HibernatePlan plan, Action action) {
    String target = action instanceof Action.ShutdownTarget s ? s.target()
        : action instanceof Action.WakeTarget w && w.restore() ? w.target() : null;
    return target != null && executor(target(plan, target)).remote();
  }

  /** The Job of the step's current attempt, created unless it exists (it may be running, or have ended). */
  static void ensureJob(HibernatePlan plan, Action action, HibernatePlanStatus status, ReconcileContext ctx) {
    boolean shutdown = action instanceof Action.ShutdownTarget;
    String target = shutdown ? ((Action.ShutdownTarget) action).target() : ((Action.WakeTarget) action).target();
    String cycle = shutdown ? ((Action.ShutdownTarget) action).cycleId() : ((Action.WakeTarget) action).cycleId();
    String op = shutdown ? "shutdown" : "wake";
    String name = plan.getMetadata().getName();
    String job = HibernateLifecycle.jobName(name, target, op, cycle, attempts(status, target));
    if (ctx.cache().job(plan.getMetadata().getNamespace(), job) == null) {
      HibernateTarget t = target(plan, target);
      ctx.applier().writer().createJob(ctx.jobs().hibernateJob(plan, target, op, cycle, !shutdown, job,
          HibernateLifecycle.stepLabel(name, target, op, cycle),
          t.parameters == null ? null : t.parameters.get("credentialsSecret")));
    }
  }

  /**
   * A remote target as the lifecycle needs it: shut down when a shutdown Job of this cycle succeeded
   * (while waking: when it has a restore point), a problem when the current attempt's Job failed.
   */
  static TargetExecutor.State observe(HibernatePlan plan, HibernateTarget t, HibernateData.Stored stored,
      ReconcileContext ctx, List<String> problem) {
    HibernatePlanStatus status = plan.getStatus();
    HibernatePhase phase = status == null || status.phase == null ? HibernatePhase.Active
        : status.phase == HibernatePhase.Error ? status.errorInPhase : status.phase;
    var point = stored.pending().get(t.name) != null ? stored.pending().get(t.name) : stored.committed().get(t.name);
    List<String> items = new ArrayList<>();
    if (point != null) {
      try {
        for (Iterator<String> it = JSON.readTree(point.data()).fieldNames(); it.hasNext();) {
          items.add(it.next());
        }
      } catch (JsonProcessingException e) {
        // unreadable data: no items to show
      }
    }
    String op = phase == HibernatePhase.Hibernating ? "shutdown" : phase == HibernatePhase.WakingUp ? "wake" : null;
    if (op == null || status.cycleId == null) {
      boolean down = stored.committed().get(t.name) != null;
      return new TargetExecutor.State(items, down, down, true, null);
    }
    String ns = plan.getMetadata().getNamespace();
    String step = HibernateLifecycle.stepLabel(plan.getMetadata().getName(), t.name, op, status.cycleId);
    boolean succeeded = false;
    for (Job job : ctx.cache().list(Job.class, ns)) {
      if (step.equals(job.getMetadata().getLabels() == null ? null : job.getMetadata().getLabels().get(Labels.HIBERNATE_STEP))
          && JobViews.of(job, List.of()).state() == JobView.JobState.SUCCEEDED) {
        succeeded = true;
      }
    }
    String current = HibernateLifecycle.jobName(plan.getMetadata().getName(), t.name, op, status.cycleId,
        attempts(status, t.name));
    JobView job = ctx.job(ns, current, false);
    if (!succeeded && job != null && job.state() == JobView.JobState.FAILED) {
      problem.add("Job " + current + ": " + job.bestFailureReason());
    }
    boolean stopped = op.equals("shutdown") ? succeeded : stored.committed().get(t.name) != null;
    return new TargetExecutor.State(items, stopped, stopped, true, null);
  }

  private static int attempts(HibernatePlanStatus status, String target) {
    if (status == null) {
      return 0;
    }
    for (HibernateTargetStatus ts : status.targets) {
      if (ts.name.equals(target)) {
        return ts.attempts == null ? 0 : ts.attempts;
      }
    }
    return 0;
  }

  private static HibernateTarget target(HibernatePlan plan, String name) {
    return plan.getSpec().targets.stream().filter(t -> t.name.equals(name)).findFirst().orElseThrow();
  }

  private static TargetExecutor executor(HibernateTarget t) {
    return TargetExecutors.forType(t.type).orElseThrow();
  }
}
