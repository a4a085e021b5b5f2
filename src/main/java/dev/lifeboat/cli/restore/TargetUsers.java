package dev.lifeboat.cli.restore;

import dev.lifeboat.api.RestoreSpec;
import dev.lifeboat.cluster.Selectors;
import dev.lifeboat.lifecycle.restore.ClaimUsers;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The CLI's look at who runs with a restore's target claim mounted, before anything is created: the same rule
 * ({@link ClaimUsers}) and the same words as the controller's validation, which checks again (a Restore applied with
 * kubectl meets it there).
 */
final class TargetUsers {
  private TargetUsers() {}

  /** Why the restore must not go ahead as asked, or null (also when this user may not list what it takes to know). */
  static String problem(KubernetesClient client, String ns, String claim, RestoreSpec spec) {
    ClaimUsers.Inputs inputs;
    try {
      var apps = client.apps();
      var batch = client.batch().v1();
      inputs = new ClaimUsers.Inputs(client.pods().inNamespace(ns).list().getItems(),
          apps.deployments().inNamespace(ns).list().getItems(), apps.statefulSets().inNamespace(ns).list().getItems(),
          apps.daemonSets().inNamespace(ns).list().getItems(), apps.replicaSets().inNamespace(ns).list().getItems(),
          batch.jobs().inNamespace(ns).list().getItems(), batch.cronjobs().inNamespace(ns).list().getItems());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        return null; // the controller, which may list them, refuses with the same words
      }
      throw e;
    }
    List<String> users = ClaimUsers.of(claim, inputs);
    if (users.isEmpty()) {
      return null;
    }
    return ClaimUsers.problem(claim, users, stopped(spec, claim, inputs), Boolean.TRUE.equals(spec.force));
  }

  /** The refs the restore stops: listed, matching the selector, and (--stop-users) those mounting the claim. */
  private static Set<String> stopped(RestoreSpec spec, String claim, ClaimUsers.Inputs inputs) {
    Set<String> refs = new LinkedHashSet<>();
    var stop = spec.stopApplications;
    if (stop == null) {
      return refs;
    }
    refs.addAll(stop.workloads);
    if (stop.selector != null && !stop.selector.isEmpty()) {
      inputs.deployments().stream().filter(d -> Selectors.matches(d, stop.selector))
          .forEach(d -> refs.add("deployment/" + d.getMetadata().getName()));
      inputs.statefulSets().stream().filter(s -> Selectors.matches(s, stop.selector))
          .forEach(s -> refs.add("statefulset/" + s.getMetadata().getName()));
    }
    if (stop.stopsTargetUsers()) {
      refs.addAll(ClaimUsers.stoppableMounting(claim, inputs.deployments(), inputs.statefulSets()));
    }
    return refs;
  }
}
