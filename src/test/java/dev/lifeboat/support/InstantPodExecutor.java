package dev.lifeboat.support;

import dev.lifeboat.api.Labels;
import dev.lifeboat.jobs.JobReportCodec;
import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.sandbox.PodExecutor;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Pods that finish at once with the report a real lifeboat Job would write: the Job controller's
 * side of the engine tests and benchmarks, without restic. Behaviour per Job is pluggable.
 */
public final class InstantPodExecutor implements PodExecutor {
  private static final AtomicLong SNAPSHOTS = new AtomicLong();
  private final Function<Job, CompletableFuture<PodResult>> behaviour;
  public final ConcurrentHashMap<String, Integer> podsStarted = new ConcurrentHashMap<>();

  public InstantPodExecutor(Function<Job, CompletableFuture<PodResult>> behaviour) {
    this.behaviour = behaviour;
  }

  /** Every Job succeeds: init Jobs find the repository, backup Jobs report a verified snapshot. */
  public static InstantPodExecutor succeeding() {
    return new InstantPodExecutor(job -> CompletableFuture.completedFuture(success(job)));
  }

  public static PodResult success(Job job) {
    String purpose = job.getMetadata().getLabels().get(Labels.PURPOSE);
    if ("backup".equals(purpose) || "verify".equals(purpose) || "check".equals(purpose)) {
      String id = HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(32).putLong(SNAPSHOTS.incrementAndGet()).array());
      return new PodResult(0, JobReportCodec.encode(new JobReport(true, "snapshot made", id, true, null, null, null)));
    }
    return new PodResult(0, JobReportCodec.encode(new JobReport(true, "repository opened", null, null, null, null, null)));
  }

  public static PodResult failure(String message) {
    return new PodResult(1, JobReportCodec.encode(JobReport.failure(message)));
  }

  @Override
  public CompletableFuture<PodResult> start(Job job, Pod pod) {
    podsStarted.merge(job.getMetadata().getName(), 1, Integer::sum);
    return behaviour.apply(job);
  }

  @Override
  public void kill(String namespace, String podName) {
    // nothing runs
  }
}
