package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One PVC of a Schedule: its newest Backup and result. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SchedulePvcStatus {
  public String pvc;
  public String lastBackup;
  /** The phase of lastBackup, or Skipped when the last run did not back the PVC up (see message). */
  public String result;
  public String lastSuccessfulBackup;
  public String lastSuccessfulTime;
  public String message;

  public SchedulePvcStatus() {}

  public SchedulePvcStatus(String pvc) {
    this.pvc = pvc;
  }
}
