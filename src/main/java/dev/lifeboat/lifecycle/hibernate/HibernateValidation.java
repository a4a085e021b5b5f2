package dev.lifeboat.lifecycle.hibernate;

import dev.lifeboat.api.HibernatePlanSpec;
import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.lifecycle.Tenancy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Everything wrong with a plan's spec, each naming its field and the fix; empty when valid. */
public final class HibernateValidation {
  /** The target types this build can act on; the last three are AWS's, acted on in a Job. */
  public static final List<String> TYPES = List.of("workloads", "cronjobs", "nodepools", "patch", "ec2", "rds",
      "eks-nodegroups");
  static final List<String> AWS_TYPES = List.of("ec2", "rds", "eks-nodegroups");
  /** {@code parameters.scope} of a patch target that names cluster-scoped objects. */
  public static final String CLUSTER_SCOPE = "Cluster";
  static final List<String> WORKLOAD_KINDS = List.of("deployment", "statefulset", "replicaset");

  private HibernateValidation() {}

  public static List<String> problems(HibernatePlanSpec spec, Map<String, String> annotations) {
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      return List.of("spec is missing");
    }
    if (spec.schedule == null) {
      problems.add("spec.schedule is missing: give schedule.timeZone and schedule.offHours");
    } else {
      try {
        OffHours.parse(spec.schedule.timeZone, spec.schedule.offHours == null ? List.of() : spec.schedule.offHours);
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    if (spec.targets == null || spec.targets.isEmpty()) {
      problems.add("spec.targets is empty: name at least one target to shut down");
    } else {
      Set<String> names = new HashSet<>();
      for (int i = 0; i < spec.targets.size(); i++) {
        target(spec.targets.get(i), "targets[" + i + "]", names, problems);
      }
    }
    if (spec.retries != null && spec.retries < 0) {
      problems.add("spec.retries: " + spec.retries + " is negative (use 0 or more)");
    }
    try {
      OnDemand.of(annotations);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    return problems;
  }

  private static void target(HibernateTarget t, String at, Set<String> names, List<String> problems) {
    if (t.name == null || !t.name.matches("[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?")) {
      problems.add(at + ".name: '" + t.name + "' must be lower-case letters, digits and '-', at most 42 characters");
    } else if (!names.add(t.name)) {
      problems.add(at + ".name: '" + t.name + "' is used twice: target names are the keys of the restore data");
    }
    if (t.type == null || !TYPES.contains(t.type)) {
      problems.add(at + ".type: unknown type '" + t.type + "' (use one of " + String.join(", ", TYPES) + ")");
      return;
    }
    boolean hasRefs = t.refs != null && !t.refs.isEmpty();
    boolean hasSelector = t.selector != null && !t.selector.isBlank();
    if (!hasRefs && !hasSelector) {
      problems.add(at + ": give a selector or refs to say which objects the target covers");
    }
    if (t.type.equals("workloads") && hasRefs) {
      for (String ref : t.refs) {
        String[] parts = ref.split("/", 2);
        if (parts.length != 2 || !WORKLOAD_KINDS.contains(parts[0]) || parts[1].isEmpty()) {
          problems.add(at + ".refs: '" + ref + "' is not kind/name with kind deployment, statefulset or replicaset");
        }
      }
    }
    Map<String, String> params = t.parameters == null ? Map.of() : t.parameters;
    if (t.type.equals("eks-nodegroups") && (params.get("cluster") == null || params.get("cluster").isBlank())) {
      problems.add(at + ".parameters.cluster is missing: the EKS cluster whose node groups to scale");
    }
    String secret = params.get("credentialsSecret");
    if (secret != null && !secret.matches("[a-z0-9]([-.a-z0-9]*[a-z0-9])?")) {
      problems.add(at + ".parameters.credentialsSecret: '" + secret + "' is not a Secret name");
    }
    if (t.type.equals("patch")) {
      Map<String, String> p = t.parameters == null ? Map.of() : t.parameters;
      String scope = p.get("scope");
      if (scope != null && !scope.equals(CLUSTER_SCOPE) && !scope.equals("Namespaced")) {
        problems.add(at + ".parameters.scope: '" + scope + "' is not Namespaced (the default) or Cluster");
      }
      for (String key : List.of("apiVersion", "kind", "patch")) {
        if (p.get(key) == null || p.get(key).isBlank()) {
          problems.add(at + ".parameters." + key + " is missing: a patch target needs apiVersion, kind and patch"
              + " (a JSON merge patch)");
        }
      }
    }
  }

  /**
   * What the plan may not reach from its namespace: a namespace's plan acts on that namespace's objects only, while
   * the controller's rights are cluster-wide. NodePools and {@code patch} targets with {@code parameters.scope:
   * Cluster} are cluster-wide; a cloud target without {@code parameters.credentialsSecret} would act with the
   * controller's own cloud identity. Each is allowed only to plans in lifeboat's namespace.
   */
  public static List<String> reach(HibernatePlanSpec spec, String namespace, Tenancy tenancy) {
    List<String> problems = new ArrayList<>();
    if (spec == null || spec.targets == null || tenancy.isAdmin(namespace)) {
      return problems;
    }
    for (int i = 0; i < spec.targets.size(); i++) {
      HibernateTarget t = spec.targets.get(i);
      Map<String, String> params = t.parameters == null ? Map.of() : t.parameters;
      String at = "targets[" + i + "] (" + t.name + ")";
      String move = ": " + tenancy.onlyAdmin() + " act beyond their namespace; create the plan there";
      if ("nodepools".equals(t.type)) {
        problems.add(at + ": Karpenter NodePools are cluster-wide" + move);
      } else if ("patch".equals(t.type) && CLUSTER_SCOPE.equals(params.get("scope"))) {
        problems.add(at + ".parameters.scope: Cluster targets cluster-scoped objects" + move);
      } else if (AWS_TYPES.contains(t.type) && (params.get("credentialsSecret") == null
          || params.get("credentialsSecret").isBlank())) {
        problems.add(at + ".parameters.credentialsSecret is missing: without it the target acts with the controller's"
            + " own cloud identity, which " + tenancy.onlyAdmin() + " use; name a Secret of this namespace with the"
            + " team's own AWS credentials");
      }
    }
    return problems;
  }

  /** Objects this plan targets that an older plan of the namespace targets already, each naming that plan. */
  public static List<String> sharedObjects(HibernatePlanSpec spec, HibernateObservation observed) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < spec.targets.size(); i++) {
      TargetObservation o = observed.targets().get(spec.targets.get(i).name);
      if (o == null) {
        continue;
      }
      for (String item : o.items()) {
        String owner = observed.otherPlans().get(item);
        if (owner != null) {
          problems.add("targets[" + i + "] (" + spec.targets.get(i).name + "): " + item + " belongs to " + owner
              + ", created first: an object belongs to at most one plan; narrow the selector or take it out of one");
        }
      }
    }
    return problems;
  }
}
