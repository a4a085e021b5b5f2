package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One sleep of a {@link HibernatePlan}: when it began, was complete, and ended. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HibernateCycle extends UnknownFields {
  public String cycleId;
  public String shutdownStarted;
  public String hibernatedAt;
  public String wakeUpStarted;
  public String activeAt;
  /** Why the cycle began: Schedule, or OnDemand. */
  public String reason;

  public HibernateCycle() {}

  public HibernateCycle(String cycleId, String shutdownStarted, String reason) {
    this.cycleId = cycleId;
    this.shutdownStarted = shutdownStarted;
    this.reason = reason;
  }
}
