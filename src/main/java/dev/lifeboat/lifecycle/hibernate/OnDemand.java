package dev.lifeboat.lifecycle.hibernate;

import dev.lifeboat.api.Labels;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The on-demand override ({@code lifeboat.dev/hibernate: now|wake}, optional
 * {@code lifeboat.dev/hibernate-until}): it decides instead of the off-hours until it ends; without
 * an end it holds until the next {@code hibernate now|wake} replaces it.
 *
 * @param asleep {@code now} = true, {@code wake} = false
 * @param until when the off-hours decide again, or null
 */
public record OnDemand(boolean asleep, Instant until) {

  /** The override the annotations ask for, or null when there is none. */
  public static OnDemand of(Map<String, String> annotations) {
    String value = annotations == null ? null : annotations.get(Labels.HIBERNATE);
    if (value == null) {
      return null;
    }
    if (!value.equals("now") && !value.equals("wake")) {
      throw new IllegalArgumentException("annotation " + Labels.HIBERNATE + ": '" + value + "' is neither now nor wake");
    }
    String until = annotations.get(Labels.HIBERNATE_UNTIL);
    try {
      return new OnDemand(value.equals("now"), until == null || until.isBlank() ? null : Instant.parse(until));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("annotation " + Labels.HIBERNATE_UNTIL + ": '" + until
          + "' is not an RFC 3339 time such as 2026-12-01T07:00:00Z");
    }
  }

  /** Whether it still decides at {@code now}. */
  public boolean activeAt(Instant now) {
    return until == null || now.isBefore(until);
  }
}
