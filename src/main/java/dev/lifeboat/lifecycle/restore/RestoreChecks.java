package dev.lifeboat.lifecycle.restore;

import dev.lifeboat.lifecycle.Locks;
import dev.lifeboat.lifecycle.WorkloadView;
import dev.lifeboat.api.BackupSource;

import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.RepositoryPhase;
import dev.lifeboat.api.Restore;
import dev.lifeboat.api.RestoreSpec;
import dev.lifeboat.lifecycle.PvcState;
import java.util.ArrayList;
import java.util.List;
import dev.lifeboat.api.Durations;
import dev.lifeboat.api.RestoreStatus;
import dev.lifeboat.api.RestoreTarget;

/** The Validating phase's checks: every problem at once, so a user fixes them in one go. */
final class RestoreChecks {
  private RestoreChecks() {}

  /** What makes the restore impossible as specified. Empty = go on (perhaps after waiting). */
  static List<String> errors(Restore restore, RestoreObservation o) {
    RestoreSpec spec = restore.getSpec();
    String ns = restore.getMetadata().getNamespace();
    List<String> errors = new ArrayList<>();
    String timeout = Durations.timeoutProblem(spec.timeout);
    if (timeout != null) {
      errors.add(timeout);
    }
    String startTimeout = Durations.timeoutProblem("spec.startTimeout", spec.startTimeout);
    if (startTimeout != null) {
      errors.add(startTimeout);
    }
    if (o.moverRefusal() != null) {
      errors.add(o.moverRefusal());
    }
    boolean fromBackup = spec.backup != null && !spec.backup.isBlank();
    boolean fromSnapshot = spec.snapshot != null;
    if (fromBackup == fromSnapshot) {
      errors.add("set exactly one of spec.backup and spec.snapshot");
    } else if (fromBackup) {
      if (!o.backupExists()) {
        errors.add("Backup \"" + spec.backup + "\" not found in namespace " + ns + ": fix spec.backup");
      } else if (o.backupPhase() == BackupPhase.Failed) {
        errors.add("Backup \"" + spec.backup + "\" is Failed: it has no snapshot to restore; pick a Ready backup");
      }
    }
    if (o.repositoryPhase() == null && (fromSnapshot || o.backupExists())) {
      errors.add("the snapshot's Repository does not exist in namespace " + ns);
    } else if (o.repositoryPhase() == RepositoryPhase.Failed) {
      errors.add("the snapshot's Repository is Failed: fix it first (lifeboat repository describe)");
    }
    errors.addAll(RestoreTargets.mismatches(spec, o.backupSource()));
    String target = target(restore, o);
    if (!Locks.isClaim(target) && target != null) {
      // An application: nothing to check here; an unreachable one fails the restore Job with the tool's words.
    } else if (target == null) {
      if (fromSnapshot) {
        errors.add("spec.target.pvc is required when restoring a snapshot without a Backup");
      }
    } else if (o.targetPvc() == PvcState.MISSING) {
      errors.add("target PersistentVolumeClaim \"" + target + "\" not found: create it or fix spec.target.pvc");
    } else if (o.targetPvc() == PvcState.TERMINATING) {
      errors.add("target PersistentVolumeClaim \"" + target + "\" is being deleted");
    } else {
      String inUse = ClaimUsers.problem(target, o.targetUsers(),
          o.workloads().stream().map(WorkloadView::ref).toList(), Boolean.TRUE.equals(spec.force));
      if (inUse != null) {
        errors.add(inUse);
      }
    }
    String file = spec.target == null ? null : spec.target.file;
    if (file != null) {
      String problem = RestoreTarget.fileProblem(file);
      if (problem != null) {
        errors.add("spec.target.file " + problem);
      }
      if (!fromSnapshot || spec.target.pvc == null) {
        errors.add("spec.target.file goes with spec.snapshot and spec.target.pvc (a stream snapshot written into a claim"
            + " as one file)");
      }
    }
    if (Boolean.TRUE.equals(spec.overrideOperationLock) && !Boolean.TRUE.equals(spec.force)) {
      errors.add("spec.overrideOperationLock needs spec.force: true (taking a lock from a running operation is forceful)");
    }
    for (String ref : o.unknownWorkloadRefs()) {
      errors.add("cannot stop \"" + ref + "\": use deployment/NAME or statefulset/NAME");
    }
    for (WorkloadView w : o.workloads()) {
      if (!w.exists()) {
        errors.add("workload " + w.ref() + " not found in namespace " + ns);
      } else if (o.hibernatedBy().containsKey(w.ref()) && !Boolean.TRUE.equals(spec.force)) {
        String plan = o.hibernatedBy().get(w.ref());
        errors.add("workload " + w.ref() + " is asleep under " + plan + ": wake it first (lifeboat hibernate wake "
            + plan.split(" ")[1] + " --wait), or set spec.force: true to restore it asleep (it stays at 0 replicas)");
      }
    }
    return errors;
  }

  /** Why the restore must wait before it can start (not an error), or null. */
  static String waitReason(Restore restore, RestoreObservation o) {
    RestoreSpec spec = restore.getSpec();
    if (spec.backup != null && o.backupPhase() != BackupPhase.Ready && o.backupPhase() != BackupPhase.Completed) {
      return "waiting for Backup \"" + spec.backup + "\" to finish (now " + o.backupPhase() + ")";
    }
    if (o.repositoryPhase() != RepositoryPhase.Ready) {
      return "waiting for the Repository to be Ready (now " + o.repositoryPhase() + ")";
    }
    if (o.targetPvc() == PvcState.PENDING && Locks.isClaim(target(restore, o))) {
      return "waiting for PersistentVolumeClaim \"" + target(restore, o) + "\" to be bound";
    }
    return null;
  }

  /** The target the status recorded at validation, else the one the spec and the Backup give. */
  static String recordedTarget(RestoreStatus status, Restore restore, RestoreObservation o) {
    return status.targetPvc != null ? status.targetPvc : status.target != null ? status.target : target(restore, o);
  }

  /** A claim's name, or an application's {@code <kind>://<where>} (see {@link RestoreTargets}). */
  static String target(Restore restore, RestoreObservation o) {
    RestoreSpec spec = restore.getSpec();
    BackupSource application = RestoreTargets.applicationTarget(spec, o.backupSource());
    if (application != null) {
      return application.target();
    }
    if (spec.target != null && spec.target.pvc != null && !spec.target.pvc.isBlank()) {
      return spec.target.pvc;
    }
    return o.backupPvc();
  }
}
