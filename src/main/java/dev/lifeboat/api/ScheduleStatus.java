package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScheduleStatus extends UnknownFields {
  public SchedulePhase phase;
  public Long observedGeneration;
  /** Why the Schedule is FailedValidation (every problem, listed), or what its last run did. */
  public String message;
  /** The cron in effect: the spread macros resolved to the minute and hour they picked. */
  public String effectiveCron;
  /** The fire time of the last run the cron started. */
  public String lastScheduleTime;
  /** A fire time skipped because it was found later than startingDeadlineSeconds. */
  public String lastMissedTime;
  public String nextScheduleTime;
  /** The fire time of drill.cron whose Drills were last created, and the next one. */
  public String lastDrillTime;
  public String nextDrillTime;
  /** When the newest of this Schedule's Backups that became Ready completed. */
  public String lastSuccessfulTime;
  /** Per PVC: its newest Backup of this Schedule and how it ended. */
  public List<SchedulePvcStatus> pvcs = new ArrayList<>();
  @com.fasterxml.jackson.annotation.JsonPropertyDescription("Selected namespaces with no Repository of spec.repository:"
      + " their claims are not backed up until one is created there.")
  public List<String> namespacesWithoutRepository = new ArrayList<>();
  public List<Condition> conditions = new ArrayList<>();
}
