package dev.lifeboat.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.lifecycle.mover.MoverIdentity;
import dev.lifeboat.sandbox.LocalProcessExecutor;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Owners and identities in tests: a namespace that allows privileged movers; a sandbox that runs pods as they say. */
public final class Owners {
  private Owners() {}

  /** What an administrator does: {@code kubectl annotate namespace NS lifeboat.dev/privileged-movers=true}. */
  public static void allowPrivilegedMovers(KubernetesClient client, String namespace) {
    if (client.namespaces().withName(namespace).get() == null) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
    client.namespaces().withName(namespace).edit(ns -> {
      ns.getMetadata().getAnnotations().put(MoverIdentity.PRIVILEGED_ANNOTATION, "true");
      return ns;
    });
  }

  /** Under CI the sandbox must run pods as their securityContext says: owners are what these tests are about. */
  public static void requireIsolation() {
    if ("true".equals(System.getenv("CI"))) {
      assertTrue(LocalProcessExecutor.isolated(), "CI=true: the sandbox must run each pod as its securityContext says"
          + " (it needs root, unshare and setpriv: util-linux)");
    }
  }
}
