package dev.lifeboat.support;

import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.cluster.ApiWriter;
import dev.lifeboat.cluster.KubeApiWriter;
import dev.lifeboat.engine.WatchController;
import dev.lifeboat.jobs.JobFactory;
import dev.lifeboat.jobs.JobSettings;
import dev.lifeboat.sandbox.SandboxCluster;
import dev.lifeboat.sandbox.SandboxNodes;
import dev.lifeboat.sandbox.SandboxPaths;
import dev.lifeboat.sandbox.PodExecutor;
import dev.lifeboat.sandbox.SandboxApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The embedded API server plus a Job runner with a chosen pod executor; controllers on demand. */
public final class Harness implements AutoCloseable {
  public final SandboxApiServer server;
  public final KubernetesClient client;
  private final SandboxCluster cluster;
  /** Where the pods' volumes are: claims made with {@link dev.lifeboat.sandbox.SandboxPvcs} here. */
  public final SandboxPaths paths;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  public Harness(Path logDir, PodExecutor executor) {
    server = SandboxApiServer.start(logDir, 0);
    client = server.newClient();
    paths = new SandboxPaths(logDir);
    cluster = SandboxCluster.start(client, paths, executor, Clock.systemUTC(), SandboxNodes.DEFAULT);
  }

  public JobFactory jobs() {
    return new JobFactory(new JobSettings("lifeboat:test", "lifeboat-manager", "IfNotPresent"));
  }

  /** Jobs, and what objects may reach, of a controller whose own namespace is {@code tenancy}'s. */
  public JobFactory jobs(dev.lifeboat.lifecycle.Tenancy tenancy) {
    return new JobFactory(new JobSettings("lifeboat:test", "lifeboat-manager", "IfNotPresent", null, tenancy));
  }

  public KubeApiWriter writer(KubernetesClient c) {
    return new KubeApiWriter(c, Clock.systemUTC());
  }

  /** A controller with its own client, as a separate process would have. */
  public WatchController controller(ApiWriter writer, KubernetesClient own, int workers) {
    WatchController controller = new WatchController(Kinds.reconcilers(), own, null, writer, jobs(), Clock.systemUTC(), workers);
    closeables.add(controller);
    return controller;
  }

  public KubernetesClient newClient() {
    KubernetesClient c = server.newClient();
    closeables.add(c);
    return c;
  }

  public long jobCount(String ns) {
    return client.batch().v1().jobs().inNamespace(ns).list().getItems().size();
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    cluster.close();
    client.close();
    server.close();
  }
}
