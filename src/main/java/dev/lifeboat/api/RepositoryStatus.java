package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RepositoryStatus {
  public RepositoryPhase phase;
  public Long observedGeneration;
  public String message;
  public String initJobName;
  /** True when the init Job created the repository (rather than finding it). */
  public Boolean created;
  public String readyTime;
  public List<Condition> conditions = new ArrayList<>();
}
