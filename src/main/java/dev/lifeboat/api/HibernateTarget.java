package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One thing a {@link HibernatePlan} shuts down and wakes: a set of objects handled by one executor. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HibernateTarget extends UnknownFields {
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?$")
  @JsonPropertyDescription("Unique in the plan: the key of this target's restore data.")
  public String name;

  @Required
  @JsonPropertyDescription("workloads (Deployments, StatefulSets, ReplicaSets: scaled to 0), cronjobs (suspended),"
      + " nodepools (Karpenter karpenter.sh/v1 NodePools: limits zeroed) or patch (any resource: a JSON merge patch).")
  public String type;

  @JsonPropertyDescription("Label selector (kubectl syntax, e.g. tier=web,env!=prod) choosing the objects.")
  public String selector;

  @JsonPropertyDescription("Objects by reference: kind/name for workloads (deployment/api, statefulset/db,"
      + " replicaset/x), plain names for the other types.")
  public List<String> refs = new ArrayList<>();

  @JsonPropertyDescription("Type-specific settings. patch: apiVersion, kind, patch (the JSON merge patch applied at"
      + " shutdown).")
  public Map<String, String> parameters = new LinkedHashMap<>();

  public HibernateTarget() {}

  public HibernateTarget(String name, String type) {
    this.name = name;
    this.type = type;
  }
}
