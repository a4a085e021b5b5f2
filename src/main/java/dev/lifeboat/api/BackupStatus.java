package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupStatus extends UnknownFields {
  public BackupPhase phase;
  public Long observedGeneration;
  public String message;
  public String jobName;
  public String startTime;
  public String completionTime;
  /** Full restic snapshot ID, once known. */
  public String snapshotId;
  /** True when restic could not read some files (exit code 3): the snapshot is incomplete. */
  public Boolean incomplete;
  /** Who the Job that reads or writes the claim ran as, and why (the pods' identity, privileged, given, lifeboat's). */
  public String mover;
  /**
   * The instant of the copy the snapshot holds: the VolumeSnapshot's creationTime, or the clone's request. restic's
   * snapshot carries it as its time.
   */
  public String copyTime;
  /** The VolumeSnapshot a Snapshot copy made (deleted once the Job is done). */
  public String volumeSnapshot;
  /** The temporary claim the backup Job read (Snapshot, Clone; deleted once the Job is done). */
  public String copyClaim;
  /** Each hook run in each pod, in order. */
  public List<HookResult> hooks;
  public BackupProgress progress;
  public BackupSummary summary;
  /**
   * Since when it waits for a slot of a concurrency limit (Repository maxConcurrentJobs, the controller's
   * --max-concurrent-jobs): slots go to the Backups waiting longest first.
   */
  public String queuedSince;
  /** The restic version the backup Job ran; a Warning Event (UntestedRestic) says when it is not the tested one. */
  public String resticVersion;
  public List<Condition> conditions = new ArrayList<>();

  /** The phase, a Backup without one being Pending. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public BackupPhase phaseOrPending() {
    return phase == null ? BackupPhase.Pending : phase;
  }
}
