package dev.lifeboat.support;

import dev.lifeboat.sandbox.RequestAudit.Request;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kubernetes' RBAC authorizer in small, over the Roles and bindings installed in the sandbox: which
 * rules a ServiceAccount holds (and where), whether they allow a request, and which of the granted
 * permissions no request used. Enough for lifeboat's rules (no resourceNames, no aggregation).
 */
public final class RbacAuthorizer {
  /** A rule and where it applies: a namespace, or "" for everywhere (a ClusterRole through a ClusterRoleBinding). */
  record Grant(PolicyRule rule, String namespace, String role) {}

  private final List<Grant> grants = new ArrayList<>();

  private RbacAuthorizer() {}

  /** The rules bound to {@code namespace/account} in the cluster {@code client} talks to. */
  public static RbacAuthorizer forServiceAccount(KubernetesClient client, String namespace, String account) {
    RbacAuthorizer authorizer = new RbacAuthorizer();
    for (var binding : client.rbac().clusterRoleBindings().list().getItems()) {
      if (names(binding.getSubjects(), namespace, account)) {
        var role = client.rbac().clusterRoles().withName(binding.getRoleRef().getName()).get();
        role.getRules().forEach(r -> authorizer.grants.add(new Grant(r, "", "ClusterRole/" + role.getMetadata().getName())));
      }
    }
    for (var binding : client.rbac().roleBindings().inAnyNamespace().list().getItems()) {
      if (names(binding.getSubjects(), namespace, account)) {
        String where = binding.getMetadata().getNamespace();
        List<PolicyRule> rules = "ClusterRole".equals(binding.getRoleRef().getKind())
            ? client.rbac().clusterRoles().withName(binding.getRoleRef().getName()).get().getRules()
            : client.rbac().roles().inNamespace(where).withName(binding.getRoleRef().getName()).get().getRules();
        rules.forEach(r -> authorizer.grants.add(new Grant(r, where, "Role/" + where + "/" + binding.getRoleRef().getName())));
      }
    }
    return authorizer;
  }

  private static boolean names(List<Subject> subjects, String namespace, String account) {
    return subjects != null && subjects.stream().anyMatch(s -> "ServiceAccount".equals(s.getKind())
        && account.equals(s.getName()) && namespace.equals(s.getNamespace()));
  }

  public boolean holdsAnything() {
    return !grants.isEmpty();
  }

  /** The requests no rule allows, sorted. */
  public Set<Request> denied(Set<Request> requests) {
    Set<Request> denied = new TreeSet<>();
    for (Request request : requests) {
      if (grants.stream().noneMatch(g -> allows(g, request))) {
        denied.add(request);
      }
    }
    return denied;
  }

  /** "verb group/resource (role)" of every permission granted that no request used, sorted. */
  public Set<String> unused(Set<Request> requests) {
    Set<String> unused = new TreeSet<>();
    for (Grant grant : grants) {
      for (String group : grant.rule().getApiGroups()) {
        for (String resource : grant.rule().getResources()) {
          for (String verb : grant.rule().getVerbs()) {
            Request permission = new Request(verb, group, resource, grant.namespace());
            boolean used = requests.stream().anyMatch(r -> r.verb().equals(verb) && r.group().equals(group)
                && r.resource().equals(resource) && (grant.namespace().isEmpty() || grant.namespace().equals(r.namespace())));
            if (!used) {
              unused.add(permission + " (" + grant.role() + ")");
            }
          }
        }
      }
    }
    return unused;
  }

  private static boolean allows(Grant grant, Request request) {
    PolicyRule rule = grant.rule();
    return (grant.namespace().isEmpty() || grant.namespace().equals(request.namespace()))
        && matches(rule.getApiGroups(), request.group())
        && matches(rule.getResources(), request.resource())
        && matches(rule.getVerbs(), request.verb());
  }

  private static boolean matches(List<String> allowed, String value) {
    return allowed != null && (allowed.contains("*") || allowed.contains(value));
  }
}
