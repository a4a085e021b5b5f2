package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/** One off-hours window: from start to end (HH:MM, plan's time zone) on the listed days. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HibernateWindow {
  @Required @Pattern("^([01][0-9]|2[0-3]):[0-5][0-9]$") public String start;
  @Required @Pattern("^([01][0-9]|2[0-3]):[0-5][0-9]$") public String end;
  public List<@Pattern("^(MON|TUE|WED|THU|FRI|SAT|SUN)$") String> daysOfWeek = new ArrayList<>();
}
