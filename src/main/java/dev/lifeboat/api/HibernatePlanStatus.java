package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class HibernatePlanStatus {
  public HibernatePhase phase;
  public Long observedGeneration;
  public String message;
  public String restoreDataConfigMap;
  public List<Condition> conditions = new ArrayList<>();
}
