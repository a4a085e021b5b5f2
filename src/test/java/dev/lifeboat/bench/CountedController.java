package dev.lifeboat.bench;

import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.cluster.KubeApiWriter;
import dev.lifeboat.engine.WatchController;
import dev.lifeboat.jobs.JobFactory;
import dev.lifeboat.jobs.JobSettings;
import dev.lifeboat.sandbox.SandboxApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** What the benchmarks that wait for a coming minute share: a controller whose requests are counted, and that minute. */
final class CountedController implements AutoCloseable {
  final RequestCounter counter = new RequestCounter();
  private final KubernetesClient client;
  private final WatchController controller;

  CountedController(SandboxApiServer server, int workers) {
    client = counter.client(server.config());
    controller = new WatchController(Kinds.reconcilers(), client, null, new KubeApiWriter(client, Clock.systemUTC()),
        new JobFactory(JobSettings.defaults()), Clock.systemUTC(), workers);
    controller.start();
  }

  /**
   * Waits until a minute has just turned (second 0–2) and returns the next one: what the benchmark
   * sets up has most of a minute to be created and seen before that time.
   */
  static Instant nextMinuteAfterTheTurn() throws InterruptedException {
    while (Instant.now().atZone(ZoneOffset.UTC).getSecond() > 2) {
      Thread.sleep(200); // a benchmark waiting for the wall clock, not a test synchronising
    }
    return Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
  }

  @Override
  public void close() {
    controller.close();
    client.close();
  }
}
