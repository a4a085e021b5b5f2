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
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(15);

  private final KubernetesClient client;
  private final String namespace;
  private final String identity;
  private final Runnable onStartLeading;
  private final Runnable onStopLeading;
  private final Duration leaseDuration;
  private CompletableFuture<?> running;

  public LeaderElection(KubernetesClient client, String namespace, String identity, Runnable onStartLeading,
      Runnable onStopLeading) {
    this(client, namespace, identity, onStartLeading, onStopLeading, DEFAULT_LEASE);
  }

  /**
   * @param leaseDuration how long a leader that stopped renewing (dead, partitioned) keeps others
   *     waiting; it renews within 2/3 of it and others retry every 2/15 of it
   */
  public LeaderElection(KubernetesClient client, String namespace, String identity, Runnable onStartLeading,
      Runnable onStopLeading, Duration leaseDuration) {
    this.leaseDuration = leaseDuration;
    this.client = client;
    this.namespace = namespace;
    this.identity = identity;
    this.onStartLeading = onStartLeading;
    this.onStopLeading = onStopLeading;
  }

  /**
   * The election of a controller: leading starts it (ready, leader gauge 1); losing the Lease makes it
   * not ready for good (leader gauge 0) and calls {@code onLost}, which must stop the process at once:
   * another replica may already be acting.
   */
  public static LeaderElection forController(KubernetesClient client, String namespace, String identity,
      WatchController controller, ControllerMetrics metrics, ControllerHealth health, Runnable onLeading,
      Runnable onLost, Duration leaseDuration) {
    return new LeaderElection(client, namespace, identity, () -> {
      health.startedLeading();
      metrics.leading(true);
      onLeading.run();
      controller.start();
    }, () -> {
      health.lostLease();
      metrics.leading(false);
      onLost.run();
    }, leaseDuration);
  }

  public void start() {
    running = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
        .withName("lifeboat")
        .withLock(new LeaseLock(namespace, LEASE_NAME, identity))
        .withLeaseDuration(leaseDuration)
        .withRenewDeadline(leaseDuration.multipliedBy(2).dividedBy(3))
        .withRetryPeriod(leaseDuration.multipliedBy(2).dividedBy(15))
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
