package dev.lifeboat.cli;

import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.engine.ControllerHeartbeat;
import dev.lifeboat.cluster.KubeApiWriter;
import dev.lifeboat.engine.OncePass;
import dev.lifeboat.jobs.JobFactory;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * lifeboat works with no controller installed: while {@code --wait} waits and no live controller
 * covers the namespace (no {@link ControllerHeartbeat} renewed lately), the command runs the
 * controller's passes itself (the same engine as {@code reconcile --once}, over the namespace) and
 * says so on stderr. With a controller it only watches; if that controller dies mid-wait, the
 * command takes over. Both at once are harmless: engines converge (deterministic names,
 * version-guarded writes).
 */
public final class SelfDriver implements AutoCloseable {
  private static final Duration EVERY = Duration.ofSeconds(1);
  private static final Duration LOOK_FOR_CONTROLLER_EVERY = Duration.ofSeconds(5);
  private static final Logger LOG = Logger.getLogger(SelfDriver.class.getName());

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "lifeboat-self-driver");
    t.setDaemon(true);
    return t;
  });
  private final KubernetesClient client;
  private final String namespace;
  private final PrintStream err;
  private final String what;
  private final OncePass pass;
  private Instant lookedAt = Instant.MIN;
  private boolean controller;
  private boolean driving;

  /** @param what the object waited on, for the message ("Backup nightly") */
  public SelfDriver(KubernetesClient client, JobFactory jobs, String namespace, String what, PrintStream err) {
    this.client = client;
    this.namespace = namespace;
    this.err = err;
    this.what = what;
    this.pass = new OncePass(Kinds.reconcilers(), client, new KubeApiWriter(client, Clock.systemUTC()),
        jobs, Clock.systemUTC());
    timer.scheduleWithFixedDelay(this::tick, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      Instant now = Instant.now();
      if (!now.isBefore(lookedAt.plus(LOOK_FOR_CONTROLLER_EVERY))) {
        lookedAt = now;
        controller = ControllerHeartbeat.alive(client, namespace, now);
        if (controller && driving) {
          err.println("a lifeboat controller is running now: leaving " + what + " to it");
        }
      }
      if (controller) {
        driving = false;
        return;
      }
      if (!driving) {
        err.println("no lifeboat controller is running for namespace " + namespace + ": driving " + what
            + " from here (keep this command running; in a cluster, run 'lifeboat reconcile --watch' or"
            + " 'lifeboat install')");
        driving = true;
      }
      pass.run(namespace);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "self-driven pass failed; trying again", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS); // a pass in flight finishes its write, never half of it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
