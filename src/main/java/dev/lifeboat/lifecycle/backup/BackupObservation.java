package dev.lifeboat.lifecycle.backup;

import dev.lifeboat.lifecycle.JobView;
import dev.lifeboat.lifecycle.PvcState;

import dev.lifeboat.api.RepositoryPhase;

/**
 * What the engine observed around one Backup.
 *
 * @param repositoryPhase phase of the referenced Repository; null when it does not exist
 * @param repositoryMessage that Repository's status message, for error texts
 * @param pvc the source claim's state
 * @param backupJob the backup Job, or null when it does not exist (confirmed, not just uncached)
 * @param verifyJob the verify Job, or null
 * @param lockHolder who holds the operation lock of the source PVC (a restore), or null
 * @param repositoryMaintenance the exclusive maintenance a Repository of the URL runs now ({@code Repository "r" runs
 *     prune (Job x)}, or another namespace's), or null
 * @param claimProblem why no backup pod may run now: it cannot mount the claim (a ReadWriteOncePod claim in use), its
 *     mover or a command source's image is not allowed here; or null
 * @param copy what a point-in-time copy and hooks need (annotated pods, the VolumeSnapshot, the temporary claim); null
 *     when not looked at (a Direct backup without hooks)
 * @param slotWait why the backup Job may not start yet: every slot of a concurrency limit is busy, or older Backups
 *     wait for the free ones ({@code 20 of 20 slots busy install-wide}); null: it may start
 */
public record BackupObservation(
    RepositoryPhase repositoryPhase,
    String repositoryMessage,
    PvcState pvc,
    JobView backupJob,
    JobView verifyJob,
    String lockHolder,
    String repositoryMaintenance,
    String claimProblem,
    CopyObservation copy,
    String slotWait) {

  public BackupObservation(RepositoryPhase repositoryPhase, String repositoryMessage, PvcState pvc, JobView backupJob,
      JobView verifyJob, String lockHolder, String repositoryMaintenance, String claimProblem, CopyObservation copy) {
    this(repositoryPhase, repositoryMessage, pvc, backupJob, verifyJob, lockHolder, repositoryMaintenance, claimProblem,
        copy, null);
  }

  /** The same, with why its Job must wait for a slot (found once the Job was about to be created). */
  public BackupObservation withSlotWait(String wait) {
    return new BackupObservation(repositoryPhase, repositoryMessage, pvc, backupJob, verifyJob, lockHolder,
        repositoryMaintenance, claimProblem, copy, wait);
  }

  /** The same, with why no pod can mount the claim now (found once the Job was about to be created). */
  public BackupObservation withClaimProblem(String problem) {
    return new BackupObservation(repositoryPhase, repositoryMessage, pvc, backupJob, verifyJob, lockHolder,
        repositoryMaintenance, problem, copy, slotWait);
  }

  /** The same, with what the copy and hooks need. */
  public BackupObservation withCopy(CopyObservation observed) {
    return new BackupObservation(repositoryPhase, repositoryMessage, pvc, backupJob, verifyJob, lockHolder,
        repositoryMaintenance, claimProblem, observed, slotWait);
  }

  /** What the copy needs: never null (nothing observed reads as no hooks, no copy objects). */
  public CopyObservation copyOrNone() {
    return copy == null ? CopyObservation.NONE : copy;
  }

  public BackupObservation(RepositoryPhase repositoryPhase, String repositoryMessage, PvcState pvc, JobView backupJob,
      JobView verifyJob, String lockHolder) {
    this(repositoryPhase, repositoryMessage, pvc, backupJob, verifyJob, lockHolder, null, null, null);
  }

  public BackupObservation(RepositoryPhase repositoryPhase, String repositoryMessage, PvcState pvc, JobView backupJob,
      JobView verifyJob, String lockHolder, String repositoryMaintenance) {
    this(repositoryPhase, repositoryMessage, pvc, backupJob, verifyJob, lockHolder, repositoryMaintenance, null, null);
  }
}
