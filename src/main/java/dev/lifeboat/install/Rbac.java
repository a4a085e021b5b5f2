package dev.lifeboat.install;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.List;

/**
 * The permissions of lifeboat's two identities, as data. The controller keeps state and creates
 * Jobs; it reads no Secret (Jobs get Secret refs, never values). The Jobs read their own object and
 * write progress and their results (restore points, a repository's snapshot list).
 */
public final class Rbac {
  private static final List<String> READ = List.of("get", "list", "watch");
  private static final List<String> ALL = List.of("get", "list", "watch", "create", "update", "patch", "delete");
  private static final List<String> KINDS = List.of("repositories", "backups", "restores", "schedules", "hibernateplans");

  private Rbac() {}

  /** What {@code reconcile --watch} does. */
  public static List<PolicyRule> controller() {
    return List.of(
        rule("lifeboat.dev", KINDS, ALL),
        rule("lifeboat.dev", KINDS.stream().map(k -> k + "/status").toList(), List.of("get", "update", "patch")),
        rule("lifeboat.dev", KINDS.stream().map(k -> k + "/finalizers").toList(), List.of("update")),
        rule("batch", List.of("jobs"), List.of("get", "list", "watch", "create", "delete")),
        rule("batch", List.of("cronjobs"), ALL),
        rule("", List.of("pods"), READ),
        rule("", List.of("persistentvolumeclaims"), List.of("get", "list", "watch", "update", "patch")),
        rule("", List.of("configmaps"), ALL),
        rule("", List.of("events"), List.of("create", "patch")),
        rule("coordination.k8s.io", List.of("leases"), ALL),
        rule("apps", List.of("deployments", "statefulsets", "replicasets"), List.of("get", "list", "watch", "update", "patch")),
        rule("apps", List.of("deployments/scale", "statefulsets/scale", "replicasets/scale"), List.of("get", "update", "patch")),
        rule("karpenter.sh", List.of("nodepools"), List.of("get", "list", "patch", "update")));
  }

  /** What lifeboat's Jobs do ({@code backup-manager}, {@code hibernate-manager}). */
  public static List<PolicyRule> jobs() {
    return List.of(
        rule("lifeboat.dev", List.of("repositories", "backups", "restores", "hibernateplans"), List.of("get")),
        rule("lifeboat.dev", List.of("backups/status"), List.of("patch")),
        rule("", List.of("configmaps"), List.of("get", "create", "update", "patch")));
  }

  private static PolicyRule rule(String group, List<String> resources, List<String> verbs) {
    return new PolicyRuleBuilder().withApiGroups(group).withResources(resources).withVerbs(verbs).build();
  }
}
