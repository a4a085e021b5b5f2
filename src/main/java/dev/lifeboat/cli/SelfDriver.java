package dev.lifeboat.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lifeboat.engine.KubeApiWriter;
import dev.lifeboat.engine.OncePass;
import dev.lifeboat.jobs.JobFactory;
import dev.lifeboat.jobs.JobSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * lifeboat works with no controller installed: when {@code --wait} sees that nobody has observed
 * its object's current spec after {@link #GRACE}, it runs the controller's passes itself (the same
 * engine as {@code reconcile --once}, over the object's namespace) until the wait ends. A
 * controller that shows up meanwhile is harmless: engines converge (deterministic names,
 * version-guarded writes).
 */
final class SelfDriver implements AutoCloseable {
  static final Duration GRACE = Duration.ofSeconds(5);
  private static final Duration EVERY = Duration.ofSeconds(1);
  private static final Logger LOG = Logger.getLogger(SelfDriver.class.getName());

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "lifeboat-self-driver");
    t.setDaemon(true);
    return t;
  });

  /** Looks at the object after the grace period and, if no controller has observed it, drives its namespace. */
  <T extends HasMetadata> SelfDriver(KubernetesClient client, Class<T> kind, String namespace, String name, PrintStream err) {
    timer.schedule(() -> {
      T object = client.resources(kind).inNamespace(namespace).withName(name).get();
      if (object == null || observed(object)) {
        return;
      }
      err.println("no controller has picked up " + kind.getSimpleName() + " " + name + " yet: driving it from here"
          + " (keep this command running; in a cluster, run 'lifeboat reconcile --watch' or 'lifeboat install')");
      OncePass pass = new OncePass(client, new KubeApiWriter(client, Clock.systemUTC()),
          new JobFactory(JobSettings.defaults()), Clock.systemUTC());
      timer.scheduleWithFixedDelay(() -> {
        try {
          pass.run(namespace);
        } catch (RuntimeException e) {
          LOG.log(Level.FINE, "self-driven pass failed; trying again", e);
        }
      }, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }, GRACE.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether a controller has decided on the object's current spec (status.observedGeneration caught up). */
  static boolean observed(HasMetadata object) {
    JsonNode seen = Serialization.jsonMapper().valueToTree(object).path("status").path("observedGeneration");
    Long generation = object.getMetadata().getGeneration();
    return seen.isNumber() && (generation == null || seen.asLong() >= generation);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
