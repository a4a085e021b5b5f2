package dev.lifeboat.engine;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** What an API failure means for whoever retries it. */
public final class ApiFailures {
  private ApiFailures() {}

  /** A 401 or 403 anywhere in the chain: the credentials or RBAC are wrong, and retrying will not mend them. */
  public static boolean refusesIdentity(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k && (k.getCode() == 401 || k.getCode() == 403)) {
        return true;
      }
    }
    return false;
  }
}
