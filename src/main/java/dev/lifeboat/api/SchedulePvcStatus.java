package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One PVC of a Schedule: its newest Backup and result. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SchedulePvcStatus extends UnknownFields {
  public String pvc;
  public String lastBackup;
  /** How lastBackup ended (Ready, Failed), or InProgress; message says when the last run skipped the PVC. */
  public String result;
  public String lastSuccessfulBackup;
  public String lastSuccessfulTime;
  public String message;

  public SchedulePvcStatus() {}

  public SchedulePvcStatus(String pvc) {
    this.pvc = pvc;
  }
}
