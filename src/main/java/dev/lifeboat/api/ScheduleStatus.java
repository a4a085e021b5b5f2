package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScheduleStatus {
  public SchedulePhase phase;
  public Long observedGeneration;
  public String message;
  public String lastScheduleTime;
  public String nextScheduleTime;
  public String lastBackup;
  public List<Condition> conditions = new ArrayList<>();
}
