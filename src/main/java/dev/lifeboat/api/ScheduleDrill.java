package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/** A Schedule's restore drills: when, and how each Drill it creates verifies and keeps a failure. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScheduleDrill extends UnknownFields {
  @Required
  @JsonPropertyDescription("When to drill: a cron expression or macro, as spec.cron (e.g. @weekly-random), in spec.timeZone.")
  public String cron;

  @JsonPropertyDescription("The Drills' spec.verifyCommand.")
  public List<String> verifyCommand;

  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription("The Drills' spec.keepFailed (default 24h).")
  public String keepFailed;
}
