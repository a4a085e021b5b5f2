package dev.lifeboat.lifecycle.restore;

import dev.lifeboat.lifecycle.JobView;
import dev.lifeboat.lifecycle.WorkloadView;

import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.BackupSource;
import dev.lifeboat.api.RepositoryPhase;
import dev.lifeboat.lifecycle.PvcState;
import java.util.List;
import java.util.Map;

/**
 * What the engine observed around one Restore.
 *
 * @param backupExists whether spec.backup names an existing Backup (ignored for snapshot restores)
 * @param backupPhase that Backup's phase
 * @param backupPvc that Backup's source PVC (the default target)
 * @param backupSource that Backup's whole source (application restores); null without a Backup
 * @param repositoryPhase phase of the repository the snapshot lives in; null when missing
 * @param targetPvc the target claim's state
 * @param lockHolder who holds the target's operation lock; null when free
 * @param workloads every workload to stop: listed refs and selector matches
 * @param unknownWorkloadRefs refs whose kind lifeboat cannot stop
 * @param savedReplicas the restore data: workload → replicas it had before the restore
 * @param hibernatedBy workloads a HibernatePlan keeps asleep → "HibernatePlan NAME (PHASE)"
 * @param checkJob the snapshot-check Job (snapshot restores), restoreJob, pruneJob: null when absent
 * @param targetUsers who runs with the target claim mounted ({@link ClaimUsers}: {@code kind/name}); looked at only
 *     while validating a claim restore, empty otherwise
 * @param moverRefusal why the mover asked for may not run here (a privileged mover in a namespace that does not
 *     allow it), or null
 */
public record RestoreObservation(
    boolean backupExists,
    BackupPhase backupPhase,
    String backupPvc,
    BackupSource backupSource,
    RepositoryPhase repositoryPhase,
    PvcState targetPvc,
    String lockHolder,
    List<WorkloadView> workloads,
    List<String> unknownWorkloadRefs,
    Map<String, Integer> savedReplicas,
    Map<String, String> hibernatedBy,
    JobView checkJob,
    JobView restoreJob,
    JobView pruneJob,
    List<String> targetUsers,
    String moverRefusal) {
  public RestoreObservation {
    targetUsers = targetUsers == null ? List.of() : List.copyOf(targetUsers);
    workloads = List.copyOf(workloads);
    unknownWorkloadRefs = List.copyOf(unknownWorkloadRefs);
    savedReplicas = Map.copyOf(savedReplicas);
    hibernatedBy = Map.copyOf(hibernatedBy);
  }

  /** The same observation with the workloads looked at again (from the server, before recording their replicas). */
  public RestoreObservation withWorkloads(List<WorkloadView> again, List<String> unknownAgain) {
    return new RestoreObservation(backupExists, backupPhase, backupPvc, backupSource, repositoryPhase, targetPvc,
        lockHolder, again, unknownAgain, savedReplicas, hibernatedBy, checkJob, restoreJob, pruneJob, targetUsers, moverRefusal);
  }
}
