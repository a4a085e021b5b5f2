package dev.lifeboat.manager;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupProgress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.function.Supplier;

/**
 * Writes progress into a Backup's status from inside the Job: a JSON merge patch of
 * {@code status.progress} only, at most every {@link #INTERVAL}. Extra detail: the controller
 * never depends on it, so a failed write is logged and the backup goes on.
 */
public final class StatusReporter {
  static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private final Supplier<KubernetesClient> client;
  private final String namespace;
  private final String name;
  private final Clock clock;
  private Instant lastWrite;

  /**
   * @param client built on the first write only: a backup that ends within {@link #INTERVAL} never
   *     pays for an API client (about a second of a short Job's run)
   */
  public StatusReporter(Supplier<KubernetesClient> client, String namespace, String name, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.clock = clock;
    this.lastWrite = clock.instant(); // the first report comes one interval into the run
  }

  public void progress(BackupProgress progress) {
    Instant now = clock.instant();
    if (Duration.between(lastWrite, now).compareTo(INTERVAL) < 0) {
      return;
    }
    lastWrite = now;
    patch(Map.of("progress", progress));
  }


  private void patch(Map<String, Object> statusFields) {
    try {
      String patch = JSON.writeValueAsString(Map.of("status", statusFields));
      client.get().resources(Backup.class).inNamespace(namespace).withName(name).subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    } catch (KubernetesClientException | JsonProcessingException e) {
      System.err.println("lifeboat: could not write status (" + e.getMessage() + "); continuing");
    }
  }
}
