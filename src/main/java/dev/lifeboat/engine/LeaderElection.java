package dev.lifeboat.engine;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Runs the controller only while holding the Lease {@code lifeboat-controller} (fabric8's LeaderElector). */
public final class LeaderElection implements AutoCloseable {
  public static final String LEASE_NAME = "lifeboat-controller";

  private final KubernetesClient client;
  private final String namespace;
  private final String identity;
  private final Runnable onStartLeading;
  private final Runnable onStopLeading;
  private CompletableFuture<?> running;

  public LeaderElection(KubernetesClient client, String namespace, String identity, Runnable onStartLeading,
      Runnable onStopLeading) {
    this.client = client;
    this.namespace = namespace;
    this.identity = identity;
    this.onStartLeading = onStartLeading;
    this.onStopLeading = onStopLeading;
  }

  public void start() {
    running = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
        .withName("lifeboat")
        .withLock(new LeaseLock(namespace, LEASE_NAME, identity))
        .withLeaseDuration(Duration.ofSeconds(15))
        .withRenewDeadline(Duration.ofSeconds(10))
        .withRetryPeriod(Duration.ofSeconds(2))
        .withReleaseOnCancel(true)
        .withLeaderCallbacks(new LeaderCallbacks(onStartLeading, onStopLeading, newLeader -> {}))
        .build()).build().start();
  }

  @Override
  public void close() {
    if (running != null) {
      running.cancel(true);
    }
  }
}
