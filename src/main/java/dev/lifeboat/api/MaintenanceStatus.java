package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The last and next run of one maintenance task of a Repository. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MaintenanceStatus extends UnknownFields {
  public MaintenanceTask task;
  /** Succeeded or Failed: the last run's outcome. */
  public String result;
  public String message;
  public String lastStart;
  public String lastEnd;
  public Long durationSeconds;
  /** The restic version the last run's Job ran (a Warning Event, UntestedRestic, when it is not the tested one). */
  public String resticVersion;
  /** The cron fire time the last scheduled run served (a missed week is one catch-up run, not seven). */
  public String lastScheduled;
  /** The id of the last on-demand request served ({@code lifeboat repository check ...}). */
  public String lastRequest;
  public String nextRun;
  /** prune only: repository size before and after, in bytes. */
  public Long sizeBefore;
  public Long sizeAfter;
}
