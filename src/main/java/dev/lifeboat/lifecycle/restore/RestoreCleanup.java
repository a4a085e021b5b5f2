package dev.lifeboat.lifecycle.restore;

import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.JobView;
import dev.lifeboat.lifecycle.Locks;
import dev.lifeboat.lifecycle.WorkloadView;

import dev.lifeboat.api.Restore;
import dev.lifeboat.api.RestorePhase;
import dev.lifeboat.api.RestoreStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a Restore leaves behind when it is deleted, or settles: the rules the engine follows. */
public final class RestoreCleanup {
  private RestoreCleanup() {}

  /** Phases in which nothing more happens unless the spec changes (e.g. 'lifeboat prune' on Failed). */
  public static boolean isSettled(RestorePhase phase) {
    return switch (phase) {
      case Completed, Failed, PruneComplete, PruneFailed, Aborted -> true;
      default -> false;
    };
  }

  /**
   * A Restore deleted mid-flight: delete its running Job, scale stopped applications back to their
   * saved replicas, release the lock.
   */
  public static List<Action> onDeletion(Restore restore, RestoreObservation o) {
    List<Action> actions = new ArrayList<>();
    String ns = restore.getMetadata().getNamespace();
    String name = restore.getMetadata().getName();
    RestoreStatus status = restore.getStatus() == null ? new RestoreStatus() : restore.getStatus();
    for (JobView job : new JobView[] {o.restoreJob(), o.pruneJob(), o.checkJob()}) {
      if (job != null && job.state() == JobView.JobState.ACTIVE) {
        actions.add(new Action.DeleteJob(job.name()));
      }
    }
    Map<String, Integer> saved = o.savedReplicas().isEmpty() ? status.savedReplicas : o.savedReplicas();
    for (WorkloadView w : o.workloads()) {
      Integer replicas = saved.get(w.ref());
      if (w.exists() && replicas != null && replicas > 0 && w.specReplicas() == 0) {
        actions.add(new Action.ScaleWorkload(w.ref(), replicas));
      }
    }
    String holder = Locks.holder("Restore", ns, name);
    String target = RestoreChecks.recordedTarget(status, restore, o);
    if (target != null && holder.equals(o.lockHolder())) {
      actions.add(new Action.ReleaseLock(Locks.leaseFor(ns, target), holder));
    }
    return actions;
  }
}
