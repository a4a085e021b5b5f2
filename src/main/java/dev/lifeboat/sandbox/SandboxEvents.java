package dev.lifeboat.sandbox;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The Events the sandbox's controllers record about an object, as Kubernetes' own controllers write them. */
final class SandboxEvents {
  private static final Logger LOG = Logger.getLogger(SandboxEvents.class.getName());

  private SandboxEvents() {}

  /** Records one Event about {@code involved} (its apiVersion given: the model's getter may be empty); best effort. */
  static void record(KubernetesClient client, Clock clock, HasMetadata involved, String apiVersion, String type,
      String reason, String component, String message) {
    String at = clock.instant().toString();
    String ns = involved.getMetadata().getNamespace();
    try {
      client.v1().events().inNamespace(ns).resource(new EventBuilder()
          .withNewMetadata().withName(involved.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
            .withNamespace(ns).endMetadata()
          .withNewInvolvedObject().withKind(involved.getKind()).withApiVersion(apiVersion)
            .withName(involved.getMetadata().getName()).withNamespace(ns).withUid(involved.getMetadata().getUid())
          .endInvolvedObject()
          .withType(type).withReason(reason).withMessage(message).withCount(1)
          .withFirstTimestamp(at).withLastTimestamp(at).withNewSource().withComponent(component).endSource()
          .build()).create();
    } catch (KubernetesClientException e) {
      LOG.log(Level.FINE, "sandbox could not record an Event " + reason + " about " + involved.getKind() + " "
          + involved.getMetadata().getName(), e);
    }
  }
}
