package dev.lifeboat.jobs;

import dev.lifeboat.api.JobTemplate;
import dev.lifeboat.Version;

/** Cluster-wide settings of the Jobs lifeboat creates (from {@code reconcile} flags). */
public record JobSettings(String image, String serviceAccount, String imagePullPolicy, JobTemplate jobDefaults) {
  /** With no install-wide pod settings (Repositories' and runs' own jobTemplates still apply). */
  public JobSettings(String image, String serviceAccount, String imagePullPolicy) {
    this(image, serviceAccount, imagePullPolicy, null);
  }

  public JobSettings withJobDefaults(JobTemplate defaults) {
    return new JobSettings(image, serviceAccount, imagePullPolicy, defaults);
  }

  public static final String DEFAULT_SERVICE_ACCOUNT = "lifeboat-manager";
  /**
   * The account of a CronJob-mode Schedule's runs ({@code backup create --from-schedule}): they create
   * Backups, which the Jobs' own account must not.
   */
  public static final String SCHEDULER_SERVICE_ACCOUNT = "lifeboat-scheduler";

  public static JobSettings defaults() {
    String image = System.getenv().getOrDefault("LIFEBOAT_IMAGE", "ghcr.io/lifeboat-dev/lifeboat:" + Version.get());
    return new JobSettings(image, DEFAULT_SERVICE_ACCOUNT, "IfNotPresent");
  }
}
