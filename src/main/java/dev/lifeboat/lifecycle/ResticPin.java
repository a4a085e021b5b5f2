package dev.lifeboat.lifecycle;

import java.util.List;

/**
 * The restic release lifeboat is tested with: the image installs exactly this one (Dockerfile, checked by
 * DockerfileTest with its checksums), the test command refuses to run the suite with another, and a Job that
 * ran another says so in its run's status and a Warning Event. restic's JSON output, lock handling and
 * retention rules (the oracle in RetentionPlan) change between releases.
 */
public final class ResticPin {
  public static final String TESTED = "0.14.0";

  private ResticPin() {}

  /** The restic version a Job reported, with a Warning Event when it is not the tested one; null if unknown. */
  public static String record(JobReport report, List<Action> actions) {
    if (report == null || report.restic() == null) {
      return null;
    }
    if (!TESTED.equals(report.restic())) {
      actions.add(new Action.RecordEvent(Action.EventType.Warning, "UntestedRestic", "the Job ran restic " + report.restic()
          + "; this lifeboat is tested with restic " + TESTED + " (use lifeboat's image, or set the image's restic)"));
    }
    return report.restic();
  }
}
