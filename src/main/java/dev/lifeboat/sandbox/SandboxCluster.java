package dev.lifeboat.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;

/**
 * What plays a cluster's nodes and controllers around the sandbox's API server: the nodes, the storage provisioner,
 * the scheduler, the Deployment/ReplicaSet/StatefulSet controllers and the Job runner (with a chosen pod executor).
 * The sandbox and every test harness start the same set, so a test sees what a cluster would do.
 */
public final class SandboxCluster implements AutoCloseable {
  private final SandboxSnapshotter snapshotter;
  private final SandboxProvisioner provisioner;
  private final SandboxScheduler scheduler;
  private final WorkloadSimulator workloads;
  private final LocalJobRunner jobs;

  private SandboxCluster(SandboxSnapshotter snapshotter, SandboxProvisioner provisioner, SandboxScheduler scheduler, WorkloadSimulator workloads,
      LocalJobRunner jobs) {
    this.snapshotter = snapshotter;
    this.provisioner = provisioner;
    this.scheduler = scheduler;
    this.workloads = workloads;
    this.jobs = jobs;
  }

  /** @param nodes how many nodes ({@code node-1 … node-N}) the pods are placed on */
  public static SandboxCluster start(KubernetesClient client, SandboxPaths paths, PodExecutor pods, Clock clock, int nodes) {
    SandboxNodes.create(client, nodes, clock);
    SandboxSnapshotter snapshotter = new SandboxSnapshotter(client, paths, clock);
    snapshotter.start();
    SandboxProvisioner provisioner = new SandboxProvisioner(client, paths, snapshotter);
    provisioner.start();
    SandboxScheduler scheduler = new SandboxScheduler(client, clock);
    scheduler.start();
    WorkloadSimulator workloads = new WorkloadSimulator(client, clock);
    workloads.start();
    LocalJobRunner jobs = new LocalJobRunner(client, pods, scheduler, clock);
    jobs.start();
    return new SandboxCluster(snapshotter, provisioner, scheduler, workloads, jobs);
  }

  @Override
  public void close() {
    jobs.close();
    workloads.close();
    scheduler.close();
    provisioner.close();
    snapshotter.close();
  }
}
