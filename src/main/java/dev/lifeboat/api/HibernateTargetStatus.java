package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/** One target of a {@link HibernatePlan} in the current cycle. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HibernateTargetStatus extends UnknownFields {
  public String name;
  /** Pending, Down, Awake, Waiting (lock or retry pause), Failed. */
  public String state;
  /** The objects the target resolved to (deployment/api, cronjob/report, nodepool/default, ...). */
  public List<String> items = new ArrayList<>();
  /** Failed attempts in this step; reset when the step succeeds. */
  public Integer attempts;
  /** Not tried again before this time (RFC 3339) after a failure. */
  public String retryAfter;
  public String message;

  public HibernateTargetStatus() {}

  public HibernateTargetStatus(String name, String state) {
    this.name = name;
    this.state = state;
  }
}
