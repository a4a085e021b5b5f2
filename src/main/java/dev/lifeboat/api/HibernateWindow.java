package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/**
 * One off-hours window: targets go to sleep at {@code start} and wake at {@code end} on the listed
 * days (as kube-green's weekdays): a sleep lasts until the next {@code end} on a listed day, so
 * {@code Mon-Fri 20:00-07:00} sleeps from Friday 20:00 to Monday 07:00 in one go.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HibernateWindow extends UnknownFields {
  @Required
  @Pattern("^([01][0-9]|2[0-3]):[0-5][0-9]$")
  @JsonPropertyDescription("When the sleep begins, HH:MM in the plan's time zone.")
  public String start;

  @Required
  @Pattern("^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$")
  @JsonPropertyDescription("When the sleep ends, HH:MM (24:00 = midnight at the end of the day); at or before start"
      + " = on a later day.")
  public String end;

  @JsonPropertyDescription("The days (Mon..Sun) the window starts and ends on. Empty = every day.")
  public List<String> days = new ArrayList<>();

  public HibernateWindow() {}

  public HibernateWindow(String start, String end, List<String> days) {
    this.start = start;
    this.end = end;
    this.days = new ArrayList<>(days);
  }
}
