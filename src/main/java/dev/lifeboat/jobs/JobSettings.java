package dev.lifeboat.jobs;

import dev.lifeboat.api.JobTemplate;
import dev.lifeboat.Version;
import dev.lifeboat.lifecycle.Tenancy;
import java.util.Arrays;
import java.util.List;

/**
 * Cluster-wide settings of the Jobs lifeboat creates (from {@code reconcile} flags), and what the objects
 * of a namespace may reach ({@link Tenancy}).
 */
public record JobSettings(String image, String serviceAccount, String imagePullPolicy, JobTemplate jobDefaults,
    Tenancy tenancy, int maxConcurrentJobs, int maxConcurrentJobsPerNode) {
  public JobSettings {
    tenancy = tenancy == null ? Tenancy.defaults() : tenancy;
  }

  public JobSettings(String image, String serviceAccount, String imagePullPolicy, JobTemplate jobDefaults, Tenancy tenancy) {
    this(image, serviceAccount, imagePullPolicy, jobDefaults, tenancy, fromEnvironment("LIFEBOAT_MAX_CONCURRENT_JOBS"),
        fromEnvironment("LIFEBOAT_MAX_CONCURRENT_JOBS_PER_NODE"));
  }

  /** With no install-wide pod settings (Repositories' and runs' own jobTemplates still apply). */
  public JobSettings(String image, String serviceAccount, String imagePullPolicy) {
    this(image, serviceAccount, imagePullPolicy, null, null);
  }

  public JobSettings(String image, String serviceAccount, String imagePullPolicy, JobTemplate jobDefaults) {
    this(image, serviceAccount, imagePullPolicy, jobDefaults, null);
  }

  public JobSettings withJobDefaults(JobTemplate defaults) {
    return new JobSettings(image, serviceAccount, imagePullPolicy, defaults, tenancy, maxConcurrentJobs, maxConcurrentJobsPerNode);
  }

  public JobSettings withTenancy(Tenancy tenancy) {
    return new JobSettings(image, serviceAccount, imagePullPolicy, jobDefaults, tenancy, maxConcurrentJobs, maxConcurrentJobsPerNode);
  }

  /** At most {@code limit} of lifeboat's Jobs at once, install-wide (0: no limit); see {@code JobSlots}. */
  public JobSettings withMaxConcurrentJobs(int limit) {
    return new JobSettings(image, serviceAccount, imagePullPolicy, jobDefaults, tenancy, limit, maxConcurrentJobsPerNode);
  }

  /**
   * At most {@code limit} of lifeboat's Jobs at once on one node (0: no limit), for backups whose node is known
   * before they start (a claim pinned to one); see {@code JobSlots}.
   */
  public JobSettings withMaxConcurrentJobsPerNode(int limit) {
    return new JobSettings(image, serviceAccount, imagePullPolicy, jobDefaults, tenancy, maxConcurrentJobs, limit);
  }

  /** A limit from the environment ({@code $LIFEBOAT_MAX_CONCURRENT_JOBS[_PER_NODE]}), else none (the controller's flags set their own). */
  private static int fromEnvironment(String variable) {
    String value = System.getenv(variable);
    return value != null && value.matches("\\d{1,6}") ? Integer.parseInt(value) : 0;
  }

  public static final String DEFAULT_SERVICE_ACCOUNT = "lifeboat-manager";
  /**
   * The account of a CronJob-mode Schedule's runs ({@code backup create --from-schedule}): they create
   * Backups, which the Jobs' own account must not.
   */
  public static final String SCHEDULER_SERVICE_ACCOUNT = "lifeboat-scheduler";

  public static JobSettings defaults() {
    String image = System.getenv().getOrDefault("LIFEBOAT_IMAGE", "ghcr.io/lifeboat-dev/lifeboat:" + Version.get());
    return new JobSettings(image, DEFAULT_SERVICE_ACCOUNT, "IfNotPresent", null, tenancyFromEnvironment());
  }

  /**
   * lifeboat's namespace: the controller's own ({@code POD_NAMESPACE}, set by {@code install}), else
   * {@code $LIFEBOAT_NAMESPACE} (a CLI whose installation is not in {@code lifeboat-system}); the allowed
   * images from {@code $LIFEBOAT_ALLOWED_IMAGES} (comma-separated, set by {@code install --allowed-image}).
   */
  static Tenancy tenancyFromEnvironment() {
    String ns = System.getenv("POD_NAMESPACE");
    if (ns == null || ns.isBlank()) {
      ns = System.getenv().getOrDefault("LIFEBOAT_NAMESPACE", Tenancy.DEFAULT_ADMIN_NAMESPACE);
    }
    String images = System.getenv().getOrDefault("LIFEBOAT_ALLOWED_IMAGES", "");
    List<String> allowed = Arrays.stream(images.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    return new Tenancy(ns, allowed);
  }
}
