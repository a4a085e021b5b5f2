package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreStatus {
  public RestorePhase phase;
  public Long observedGeneration;
  public String message;
  public List<String> validationErrors = new ArrayList<>();
  public String restoreJobName;
  public String pruneJobName;
  public Integer attempts;
  public String lockHolder;
  public Map<String, Integer> savedReplicas = new LinkedHashMap<>();
  public String startTime;
  public String completionTime;
  public Long restoredBytes;
  public Long restoredFiles;
  public List<Condition> conditions = new ArrayList<>();
}
