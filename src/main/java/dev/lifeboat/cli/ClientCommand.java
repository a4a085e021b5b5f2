package dev.lifeboat.cli;

import dev.lifeboat.jobs.JobFactory;
import dev.lifeboat.jobs.JobSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** Base of commands that talk to the API: the shared kubectl flags, the client, the namespace. */
public abstract class ClientCommand implements Callable<Integer> {
  @Spec
  protected CommandSpec spec;

  private KubernetesClient client;
  private JobFactory jobs;

  public KubeOptions kube() {
    return root().kube;
  }

  public KubernetesClient client() {
    if (client == null) {
      client = ClientFactory.connect(kube());
    }
    return client;
  }

  public String namespace() {
    return client().getNamespace();
  }

  protected LifeboatCommand root() {
    return (LifeboatCommand) spec.root().userObject();
  }

  public PrintStream out() {
    return root().out;
  }

  public PrintStream err() {
    return root().err;
  }

  /** The named object in the current namespace, or exit 4 naming what is missing. */
  public <T extends HasMetadata> T require(Class<T> kind, String name) {
    T object = client().resources(kind).inNamespace(namespace()).withName(name).get();
    if (object == null) {
      throw new UserException(ExitCodes.NOT_FOUND, kind.getSimpleName() + " \"" + name + "\" not found in namespace "
          + namespace());
    }
    return object;
  }

  /**
   * The Jobs this command creates, or has a pass it drives create: one configuration for every path
   * ($LIFEBOAT_IMAGE or the release image; {@code reconcile --image} overrides it for its passes).
   */
  public JobFactory jobs() {
    if (jobs == null) {
      jobs = new JobFactory(jobSettings());
    }
    return jobs;
  }

  protected JobSettings jobSettings() {
    return JobSettings.defaults();
  }

  public Clock clock() {
    return Clock.systemUTC();
  }

  @Override
  public final Integer call() throws Exception {
    try {
      return run();
    } catch (KubernetesClientException e) {
      if (e.getCode() <= 0 && client != null) {
        throw ClientFactory.unreachable(client.getMasterUrl().toString(), e);
      }
      throw e;
    } finally {
      if (client != null) {
        client.close();
      }
    }
  }

  protected abstract int run() throws Exception;
}
