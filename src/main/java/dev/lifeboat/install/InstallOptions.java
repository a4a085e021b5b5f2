package dev.lifeboat.install;

import java.util.List;

/**
 * What {@code lifeboat install} installs.
 *
 * @param namespace where the controller runs (created if missing)
 * @param watchNamespace the one namespace the controller reconciles (Roles there), or null for all (ClusterRoles)
 * @param jobNamespaces where lifeboat's Jobs run and so need their ServiceAccount (the watched namespace in
 *     namespaced mode; in cluster-wide mode those given, default {@code default})
 * @param image the controller's image, also the Jobs' image
 * @param replicas controller replicas (one leads, the others stand by)
 * @param metricsPort where /metrics, /healthz and /readyz are served
 */
public record InstallOptions(String namespace, String watchNamespace, List<String> jobNamespaces, String image,
    int replicas, int metricsPort) {
  public static final String DEFAULT_NAMESPACE = "lifeboat-system";
  public static final String CONTROLLER = "lifeboat-controller";

  public InstallOptions {
    jobNamespaces = List.copyOf(jobNamespaces);
  }

  public boolean clusterWide() {
    return watchNamespace == null;
  }
}
