package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** The off-hours of a {@link HibernatePlan}: windows read in one time zone. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HibernateSchedule extends UnknownFields {
  @JsonPropertyDescription("IANA time zone the windows are read in, e.g. Europe/Berlin. Default UTC.")
  public String timeZone;

  @JsonPropertyDescription("When targets sleep. Overlapping or touching windows make one sleep.")
  public List<HibernateWindow> offHours = new ArrayList<>();
}
