package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class HibernatePlanSpec {
  @Required public String timeZone;
  @Required public List<HibernateWindow> windows = new ArrayList<>();
  /** Workload refs (deployment/NAME, statefulset/NAME, cronjob/NAME) to shut down. */
  public List<String> targets = new ArrayList<>();
  public Boolean suspend;
}
