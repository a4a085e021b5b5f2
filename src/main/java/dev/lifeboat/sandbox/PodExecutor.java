package dev.lifeboat.sandbox;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.concurrent.CompletableFuture;

/** Runs one pod of a Job: as a local process in the sandbox, or instantly in tests and benchmarks. */
public interface PodExecutor {
  /** Starts the pod's container; completes with its exit code and termination message. */
  CompletableFuture<PodResult> start(Job job, Pod pod);

  /** Kills the pod's process if it runs (the Job was deleted). */
  void kill(String namespace, String podName);

  record PodResult(int exitCode, String terminationMessage) {}
}
