package dev.lifeboat.engine;

import dev.lifeboat.lifecycle.JobNames;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A running controller's sign of life: a Lease labelled {@value #LABEL}, renewed every
 * {@link #PERIOD}, naming the namespaces it reconciles ("*" for all). The CLI looks for one before
 * a {@code --wait}: with a live controller covering the namespace it only watches; without, it
 * drives its object itself. The Lease is deleted when the controller stops cleanly and is ignored
 * once {@link #EXPIRY} has passed since its last renewal.
 */
public final class ControllerHeartbeat implements AutoCloseable {
  public static final String LABEL = "lifeboat.dev/heartbeat";
  static final String SCOPE_ANNOTATION = "lifeboat.dev/reconciles";
  static final Duration PERIOD = Duration.ofSeconds(10);
  static final Duration EXPIRY = PERIOD.multipliedBy(3);
  private static final Logger LOG = Logger.getLogger(ControllerHeartbeat.class.getName());

  private final KubernetesClient client;
  private final Clock clock;
  private final String namespace;
  private final String name;
  private final String scope;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "lifeboat-heartbeat");
    t.setDaemon(true);
    return t;
  });

  /** @param scope the namespace the controller reconciles, or null for all */
  ControllerHeartbeat(KubernetesClient client, Clock clock, String scope) {
    this.client = client;
    this.clock = clock;
    this.scope = scope == null ? "*" : scope;
    this.namespace = scope != null ? scope : client.getNamespace() != null ? client.getNamespace() : "default";
    String identity = System.getenv().getOrDefault("POD_NAME", "local") + "/" + ProcessHandle.current().pid()
        + "/" + System.identityHashCode(this);
    this.name = "lifeboat-heartbeat-" + JobNames.shortHash(identity);
  }

  void start() {
    timer.scheduleWithFixedDelay(this::beat, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void beat() {
    try {
      Lease lease = new LeaseBuilder()
          .withNewMetadata().withName(name).withNamespace(namespace)
            .addToLabels(LABEL, "controller").addToAnnotations(SCOPE_ANNOTATION, scope).endMetadata()
          .withNewSpec().withHolderIdentity(name).withLeaseDurationSeconds((int) EXPIRY.toSeconds())
            .withRenewTime(ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)).endSpec()
          .build();
      client.resource(lease).unlock().createOr(existing -> existing.update());
    } catch (KubernetesClientException e) {
      LOG.log(Level.FINE, "heartbeat not written; trying again", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      client.leases().inNamespace(namespace).withName(name).delete();
    } catch (RuntimeException e) { // an API error, or a client already closed
      LOG.log(Level.FINE, "heartbeat not removed (it expires by itself)", e);
    }
  }

  /**
   * Whether a live controller reconciles {@code namespace}: any heartbeat renewed within
   * {@link #EXPIRY} whose scope is that namespace or all. Lists heartbeats in every namespace; a
   * client not allowed to do that looks in {@code namespace} only.
   */
  public static boolean alive(KubernetesClient client, String namespace, Instant now) {
    List<Lease> beats;
    try {
      beats = client.leases().inAnyNamespace().withLabel(LABEL).list().getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e;
      }
      beats = client.leases().inNamespace(namespace).withLabel(LABEL).list().getItems();
    }
    for (Lease lease : beats) {
      String covers = lease.getMetadata().getAnnotations() == null ? null
          : lease.getMetadata().getAnnotations().get(SCOPE_ANNOTATION);
      ZonedDateTime renewed = lease.getSpec() == null ? null : lease.getSpec().getRenewTime();
      if (renewed != null && ("*".equals(covers) || namespace.equals(covers))
          && renewed.toInstant().plus(EXPIRY).isAfter(now)) {
        return true;
      }
    }
    return false;
  }
}
