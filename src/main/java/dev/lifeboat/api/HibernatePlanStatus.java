package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class HibernatePlanStatus extends UnknownFields {
  public HibernatePhase phase;
  public Long observedGeneration;
  public String message;
  /** The current (or last) sleep: restore data saved in it carries this id. */
  public String cycleId;
  /** The phase a suspension interrupted, written together with phase Suspended so a crash cannot strand it. */
  public HibernatePhase suspendedAtPhase;
  /** While phase is Error: the phase whose work failed; each pass tries that phase's work again. */
  public HibernatePhase errorInPhase;
  /** The next time the plan will move by itself (RFC 3339), and to what (Hibernated or Active). */
  public String nextTransition;
  /**
   * When the plan began to follow its off-hours (created, or resumed while awake): a window that had already begun
   * then is not acted on, so a plan made at 22:00 for 20:00-07:00 does not scale everything down at once.
   */
  public String armedAt;
  public HibernatePhase nextTransitionTo;
  public String lastShutdownTime;
  public String lastWakeUpTime;
  public String restoreDataConfigMap;
  public List<HibernateTargetStatus> targets = new ArrayList<>();
  /** The latest cycles, newest last (at most 10). */
  public List<HibernateCycle> history = new ArrayList<>();
  public List<Condition> conditions = new ArrayList<>();
}
