package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class DrillStatus extends UnknownFields {
  public DrillPhase phase;
  public String message;
  /** The Backup drilled (resolved from latestOfPvc or latestOfSchedule), its claim, Repository and snapshot. */
  public String backup;
  public String pvc;
  public String repository;
  public String snapshotId;
  /** How old the Backup's snapshot was when the drill began. */
  public Long backupAgeSeconds;
  /** The scratch claim and the Restore that writes it, both owned by the Drill. */
  public String scratchPvc;
  /** A PostgreSQL drill's scratch database, on the backed-up server. */
  public String scratchDatabase;
  public String restore;
  public String verifyJobName;
  public String startTime;
  public String completionTime;
  /** The recovery time: from the start to the verified data. */
  public Long rtoSeconds;
  public Long restoredFiles;
  public Long restoredBytes;
  /** Why the drill failed. */
  public String failure;
  /** After a failure: when the kept scratch claim is deleted. */
  public String scratchKeptUntil;
  /** True once the scratch claim and its Restore are deleted. */
  public Boolean scratchDeleted;
  public List<DrillPhaseChange> history = new ArrayList<>();
  public List<Condition> conditions = new ArrayList<>();

  public DrillPhase phaseOrPending() {
    return phase == null ? DrillPhase.Pending : phase;
  }

  /** One entry of the phase history. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class DrillPhaseChange extends UnknownFields {
    public DrillPhase phase;
    public String time;
    public String message;

    public DrillPhaseChange() {}

    public DrillPhaseChange(DrillPhase phase, String time, String message) {
      this.phase = phase;
      this.time = time;
      this.message = message;
    }
  }
}
