package dev.lifeboat.lifecycle;

/**
 * A Deployment or StatefulSet as observed.
 *
 * @param ref {@code deployment/NAME} or {@code statefulset/NAME}
 * @param exists false when the workload is not there
 * @param specReplicas the replicas asked for
 * @param currentReplicas pods that exist (status.replicas)
 * @param readyReplicas pods that are ready
 */
public record WorkloadView(String ref, boolean exists, int specReplicas, int currentReplicas, int readyReplicas) {
  public static WorkloadView missing(String ref) {
    return new WorkloadView(ref, false, 0, 0, 0);
  }
}
