package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One entry of a Restore's phase history. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PhaseChange extends UnknownFields {
  public RestorePhase phase;
  public String time;
  public String message;

  public PhaseChange() {}

  public PhaseChange(RestorePhase phase, String time, String message) {
    this.phase = phase;
    this.time = time;
    this.message = message;
  }
}
