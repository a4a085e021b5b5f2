package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScheduleSpec {
  @Required
  @JsonPropertyDescription("Cron expression (5 fields) or @hourly/@daily/@weekly.")
  public String schedule;

  public String timeZone;
  public Boolean suspend;

  @Required
  @JsonPropertyDescription("Spec of every Backup this Schedule creates.")
  public BackupSpec template;

  public RetentionPolicy retention;
}
