package dev.lifeboat.sandbox;

import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.cluster.KubeApiWriter;
import dev.lifeboat.engine.WatchController;
import dev.lifeboat.jobs.JobFactory;
import dev.lifeboat.jobs.JobSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;

/**
 * A running sandbox: API server, nodes with a scheduler, a storage provisioner, the workload controllers, local Job
 * and CronJob runners and (unless left out) the reconcile loop, with
 * {@code DIR/kubeconfig} written for other processes.
 */
public final class Sandbox implements AutoCloseable {
  private final SandboxApiServer server;
  private final KubernetesClient client;
  private final SandboxCluster cluster;
  private final LocalCronJobRunner cronJobs;
  private final WatchController controller;
  private final SandboxPaths paths;

  private Sandbox(SandboxPaths paths, SandboxApiServer server, KubernetesClient client, SandboxCluster cluster,
      LocalCronJobRunner cronJobs, WatchController controller) {
    this.cluster = cluster;
    this.cronJobs = cronJobs;
    this.paths = paths;
    this.server = server;
    this.client = client;
    this.controller = controller;
  }

  /**
   * @param executor runs the Jobs' pods; null means real local processes
   * @param withController false leaves the reconcile loop to a separate process
   */
  public static Sandbox start(SandboxPaths paths, int port, PodExecutor executor, boolean withController)
      throws IOException {
    return start(paths, port, executor, withController, Map.of());
  }

  /** @param podEnv extra environment of every pod run as a local process (a node-level setting) */
  public static Sandbox start(SandboxPaths paths, int port, PodExecutor executor, boolean withController,
      Map<String, String> podEnv) throws IOException {
    return start(paths, port, executor, withController, podEnv, SandboxNodes.DEFAULT);
  }

  /** @param nodes how many nodes ({@code node-1 … node-N}) the pods are placed on */
  public static Sandbox start(SandboxPaths paths, int port, PodExecutor executor, boolean withController,
      Map<String, String> podEnv, int nodes) throws IOException {
    Files.createDirectories(paths.root());
    SandboxApiServer server = SandboxApiServer.start(paths.logs(), port);
    server.servePodExec(paths);
    try {
      server.writeKubeconfig(paths.kubeconfig());
      KubernetesClient client = server.newClient();
      Clock clock = Clock.systemUTC();
      PodExecutor pods = executor != null ? executor
          : new LocalProcessExecutor(client, paths, LocalProcessExecutor.currentJvmCommand(), podEnv);
      SandboxCluster cluster = SandboxCluster.start(client, paths, pods, clock, nodes);
      LocalCronJobRunner cronJobs = new LocalCronJobRunner(client, clock);
      cronJobs.start();
      WatchController controller = null;
      if (withController) {
        controller = new WatchController(Kinds.reconcilers(), client, null, new KubeApiWriter(client, clock),
            new JobFactory(JobSettings.defaults()), clock, 2);
        controller.start();
      }
      return new Sandbox(paths, server, client, cluster, cronJobs, controller);
    } catch (RuntimeException | IOException e) {
      server.close();
      throw e;
    }
  }

  public SandboxApiServer server() {
    return server;
  }

  public KubernetesClient client() {
    return client;
  }

  public SandboxPaths paths() {
    return paths;
  }

  @Override
  public void close() {
    if (controller != null) {
      controller.close();
    }
    cluster.close();
    cronJobs.close();
    client.close();
    server.close();
  }
}
