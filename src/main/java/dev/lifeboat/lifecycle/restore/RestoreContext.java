package dev.lifeboat.lifecycle.restore;

import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Conditions;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.Locks;

import dev.lifeboat.api.Copies;
import dev.lifeboat.api.PhaseChange;
import dev.lifeboat.api.Restore;
import dev.lifeboat.api.RestorePhase;
import dev.lifeboat.api.RestoreStatus;
import dev.lifeboat.lifecycle.Action.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Mutable working state of one restore decision: the status being built, the actions, the requeue. */
final class RestoreContext {
  final Restore restore;
  final RestoreObservation o;
  final Instant now;
  final RestoreStatus status;
  final List<Action> actions = new ArrayList<>();
  final String holder;
  final String target;
  final String configMap;
  Duration requeue;
  /** The applications that were not ready again within the start timeout, said in the end message; or null. */
  String applicationsNote;

  RestoreContext(Restore restore, RestoreObservation o, Instant now) {
    this.restore = restore;
    this.o = o;
    this.now = now;
    RestoreStatus copy = Copies.deepCopy(restore.getStatus(), RestoreStatus.class);
    this.status = copy == null ? new RestoreStatus() : copy;
    this.status.observedGeneration = restore.getMetadata().getGeneration();
    this.holder = Locks.holder("Restore", restore.getMetadata().getNamespace(), restore.getMetadata().getName());
    this.target = RestoreChecks.recordedTarget(status, restore, o);
    this.configMap = RestoreLifecycle.restoreDataConfigMap(restore.getMetadata().getName());
    // The restore data ConfigMap is the record of what was stopped: a crash may have saved there
    // without the status saying so yet.
    // It wins over the status: the status may carry a value decided on a stale view, the ConfigMap
    // keeps the first capture (save-or-preserve).
    status.savedReplicas.putAll(o.savedReplicas());
    if (holdsLock()) {
      status.lockTaken = true; // what the lock says, whatever an older status said
      status.lockHolder = holder;
    }
  }

  String jobName(JobPurpose purpose) {
    return JobNames.jobName(restore.getMetadata().getName(), purpose);
  }

  String lease() {
    return Locks.leaseFor(restore.getMetadata().getNamespace(), target);
  }

  boolean holdsLock() {
    return holder.equals(o.lockHolder());
  }

  /** Adds the AcquireLock action and returns true, or (held by another, no override) waits and returns false. */
  boolean takeLock() {
    String other = o.lockHolder();
    boolean override = Boolean.TRUE.equals(restore.getSpec().overrideOperationLock)
        && Boolean.TRUE.equals(restore.getSpec().force);
    if (other == null) {
      actions.add(new Action.AcquireLock(lease(), holder, false));
      status.message = "taking the operation lock on " + Locks.describe(target);
    } else if (override) {
      actions.add(new Action.AcquireLock(lease(), holder, true));
      event(EventType.Warning, "LockOverridden", "took the operation lock on " + Locks.describe(target)
          + " from " + other + " (force, overrideOperationLock)");
      status.message = "taking over the operation lock from " + other;
    } else {
      status.message = "waiting for the operation lock on " + Locks.describe(target) + ", held by " + other;
      requeue = RestoreLifecycle.LOCK_RETRY;
      return false;
    }
    status.lockTaken = true;
    status.lockHolder = holder;
    return true;
  }

  void fail(String why) {
    status.failure = why;
    boolean stoppedSomething = !status.savedReplicas.isEmpty();
    if (stoppedSomething && restore.getSpec().startApplicationsOnFailureOrDefault()) {
      moveTo(RestorePhase.Starting, "failed (" + why + "); starting applications again");
      RestoreLifecycle.starting(this);
    } else {
      RestoreLifecycle.afterFailure(this);
    }
  }

  void terminal(RestorePhase phase, String message) {
    moveTo(phase, message);
    if (status.completionTime == null) {
      status.completionTime = now.toString();
    }
    ensureReleased();
  }

  /** In a terminal phase: the lock goes (a no-op when already so). */
  void ensureReleased() {
    if (holdsLock()) {
      actions.add(new Action.ReleaseLock(lease(), holder));
    }
    status.lockHolder = null;
  }

  void moveTo(RestorePhase phase, String message) {
    if (status.phase != phase) {
      status.history.add(new PhaseChange(phase, now.toString(), message));
      if (status.startTime == null) {
        status.startTime = now.toString();
      }
    }
    status.phase = phase;
    status.message = message;
    Conditions.set(status.conditions, Conditions.READY, phase == RestorePhase.Completed, phase.name(), message,
        status.observedGeneration, now);
  }

  void event(EventType type, String reason, String message) {
    actions.add(new Action.RecordEvent(type, reason, message));
  }

  Decision<RestoreStatus> decision() {
    return new Decision<>(status, actions, requeue);
  }
}
