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
 * @param memoryLimit the controller container's memory limit (its JVM takes 75% of it as heap)
 * @param allowedImages images a {@code command} source may run in any namespace ({@code $LIFEBOAT_ALLOWED_IMAGES})
 */
public record InstallOptions(String namespace, String watchNamespace, List<String> jobNamespaces, String image,
    int replicas, int metricsPort, String memoryLimit, List<String> jobPodArgs, List<String> allowedImages) {
  public InstallOptions(String namespace, String watchNamespace, List<String> jobNamespaces, String image, int replicas,
      int metricsPort, String memoryLimit, List<String> jobPodArgs) {
    this(namespace, watchNamespace, jobNamespaces, image, replicas, metricsPort, memoryLimit, jobPodArgs, List.of());
  }

  /** With no install-wide settings of the Jobs' pods. */
  public InstallOptions(String namespace, String watchNamespace, List<String> jobNamespaces, String image, int replicas,
      int metricsPort, String memoryLimit) {
    this(namespace, watchNamespace, jobNamespaces, image, replicas, metricsPort, memoryLimit, List.of());
  }

  public static final String DEFAULT_NAMESPACE = "lifeboat-system";
  public static final String CONTROLLER = "lifeboat-controller";
  /** Holds 10,000 Backups with their Jobs (bench/run.sh §2, docs/install.md). */
  public static final String DEFAULT_MEMORY_LIMIT = "384Mi";
  /** Below this the JVM and the client alone leave the caches no room. */
  public static final long SMALLEST_MEMORY_LIMIT_BYTES = 192L * 1024 * 1024;

  public InstallOptions {
    jobNamespaces = List.copyOf(jobNamespaces);
    jobPodArgs = jobPodArgs == null ? List.of() : List.copyOf(jobPodArgs);
    allowedImages = allowedImages == null ? List.of() : List.copyOf(allowedImages);
  }

  public boolean clusterWide() {
    return watchNamespace == null;
  }
}
