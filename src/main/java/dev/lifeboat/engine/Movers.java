package dev.lifeboat.engine;

import dev.lifeboat.api.MoverSecurityContext;
import dev.lifeboat.cluster.ClusterView;
import dev.lifeboat.lifecycle.mover.ApplicationIdentity;
import dev.lifeboat.lifecycle.mover.MoverIdentity;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * What the choice of a mover's identity ({@link MoverIdentity}) reads, read live when a Job that mounts a claim is about
 * to be created: the namespace's opt-in to privileged movers, and the pods and workloads that mount the claim (the
 * cache keeps lifeboat's own pods only).
 */
public final class Movers {
  private Movers() {}

  /**
   * Whether the namespace carries {@code lifeboat.dev/privileged-movers: "true"}. A namespace the caller may not read (an
   * install scoped to namespaces has no rights on them) does not opt in: the safe answer.
   */
  public static boolean allowPrivileged(ClusterView live, String namespace) {
    try {
      Namespace ns = live.get(Namespace.class, null, namespace);
      return ns != null && ns.getMetadata().getAnnotations() != null
          && "true".equals(ns.getMetadata().getAnnotations().get(MoverIdentity.PRIVILEGED_ANNOTATION));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403 || e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  public static MoverIdentity.Choice choose(ClusterView live, String namespace, String claim,
      MoverSecurityContext given, Boolean privileged, MoverIdentity.Access access) {
    boolean allowed = allowPrivileged(live, namespace);
    ApplicationIdentity application = given != null || (allowed && !Boolean.FALSE.equals(privileged)) ? null
        : ApplicationIdentity.of(claim, live.listAll(Pod.class, namespace), live.listAll(Deployment.class, namespace),
            live.listAll(StatefulSet.class, namespace));
    return MoverIdentity.choose(given, privileged, namespace, allowed, application, access);
  }
}
