package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Workloads scaled to zero before a restore and back afterwards. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StopApplications extends UnknownFields {
  @JsonPropertyDescription("Workload refs: deployment/NAME or statefulset/NAME.")
  public List<@Pattern("^(deployment|statefulset)/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$") String> workloads = new ArrayList<>();

  @JsonPropertyDescription("Label selector: every Deployment and StatefulSet matching it is stopped too.")
  public Map<String, String> selector = new LinkedHashMap<>();

  @JsonPropertyDescription("Also stop every Deployment and StatefulSet whose pod template mounts the target claim.")
  public Boolean targetUsers;

  public boolean stopsTargetUsers() {
    return Boolean.TRUE.equals(targetUsers);
  }
}
