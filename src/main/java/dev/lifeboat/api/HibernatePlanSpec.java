package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/** When a {@link HibernatePlan} puts its targets to sleep, which targets, and how. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HibernatePlanSpec extends UnknownFields {
  @Required
  @JsonPropertyDescription("The off-hours windows and the time zone they are read in.")
  public HibernateSchedule schedule;

  @Required
  @JsonPropertyDescription("What to shut down, in order (Sequential shuts down first to last and wakes last to first).")
  public List<HibernateTarget> targets = new ArrayList<>();

  @JsonPropertyDescription("Sequential (default: one target after the other, woken in reverse order) or Parallel.")
  public Execution execution;

  @JsonPropertyDescription("Strict (default: stop at the first target that fails for good) or BestEffort (go on).")
  public Behavior behavior;

  @Min(0)
  @JsonPropertyDescription("How often a failing target is tried again (with a growing pause) before it counts as"
      + " failed. Default 3.")
  public Integer retries;

  @JsonPropertyDescription("true: the plan touches nothing until set back to false.")
  public Boolean suspend;

  public enum Execution {
    Sequential,
    Parallel
  }

  public enum Behavior {
    Strict,
    BestEffort
  }

  @JsonIgnore
  public Execution executionOrDefault() {
    return execution == null ? Execution.Sequential : execution;
  }

  @JsonIgnore
  public Behavior behaviorOrDefault() {
    return behavior == null ? Behavior.Strict : behavior;
  }

  @JsonIgnore
  public int retriesOrDefault() {
    return retries == null ? 3 : retries;
  }

  @JsonIgnore
  public boolean suspended() {
    return Boolean.TRUE.equals(suspend);
  }
}
