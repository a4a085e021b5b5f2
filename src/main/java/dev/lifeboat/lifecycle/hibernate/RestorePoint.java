package dev.lifeboat.lifecycle.hibernate;

/**
 * What a target looked like when a plan captured it, as stored in the plan's hibernate data
 * ConfigMap (one key per target).
 *
 * @param isLive the target was running when captured (a replica above 0, a CronJob not suspended,
 *     NodePool limits not zero, the patch not applied yet)
 * @param capturedAt when (RFC 3339)
 * @param cycleId the sleep it was captured for
 * @param executor the target type that captured it (workloads, cronjobs, ...)
 * @param data the executor's own record of the target (JSON)
 */
public record RestorePoint(boolean isLive, String capturedAt, String cycleId, String executor, String data) {

  /**
   * Save-or-preserve: which of the stored point and a new capture is kept.
   *
   * <ul>
   *   <li>nothing stored: the capture;
   *   <li>live data is never replaced by data captured from a target already down (that capture
   *       would bring it back at 0: the seed's data loss);
   *   <li>a live capture replaces stored data that was not live;
   *   <li>at equal quality, the first write of a cycle wins, and a newer cycle replaces an older one.
   * </ul>
   */
  public static RestorePoint preferred(RestorePoint stored, RestorePoint capture) {
    if (stored == null) {
      return capture;
    }
    if (capture == null) {
      return stored;
    }
    if (stored.isLive() != capture.isLive()) {
      return stored.isLive() ? stored : capture;
    }
    return stored.cycleId() != null && stored.cycleId().equals(capture.cycleId()) ? stored : capture;
  }
}
