package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The maintenance Job running now (at most one per repository). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MaintenanceRun extends UnknownFields {
  public MaintenanceTask task;
  public String jobName;
  public String startTime;
  /** The on-demand request it serves, or null for a scheduled run. */
  public String request;
  /** The cron fire time it serves, or null for a requested run. */
  public String scheduled;
  /** What the request asked beyond the defaults, e.g. {@code readDataSubset=10%} or {@code removeAll=true}. */
  public String options;
}
