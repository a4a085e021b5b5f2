package dev.lifeboat.cluster;

import dev.lifeboat.lifecycle.Action;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;

/** {@link ApiWriter} against a real (or the sandbox's) API server. */
public final class KubeApiWriter implements ApiWriter {
  private static final Logger LOG = Logger.getLogger(KubeApiWriter.class.getName());
  private final KubernetesClient client;
  private final Clock clock;

  private final ClusterWrites ownership;

  public KubeApiWriter(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
    this.ownership = new ClusterWrites(client, clock);
  }

  @Override
  public void createJob(Job job) {
    try {
      client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(job).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // Already there: the deterministic name makes this create idempotent. A 409 that is not
      // "exists" (a conflict from a proxy or an overloaded server) must not pass for a created Job.
      if (client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
          .withName(job.getMetadata().getName()).get() == null) {
        throw e;
      }
    }
  }

  @Override
  public void createObject(HasMetadata object) {
    try {
      client.resource(object).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409 || client.resource(object).get() == null) {
        throw e; // as for Jobs: only "already exists" counts as created
      }
    }
  }

  @Override
  public void deleteObject(Class<? extends HasMetadata> kind, String namespace, String name) {
    client.resources(kind).inNamespace(namespace).withName(name)
        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
  }

  @Override
  public void deleteGeneric(String apiVersion, String kind, String namespace, String name) {
    try {
      client.genericKubernetesResources(apiVersion, kind).inNamespace(namespace).withName(name)
          .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  @Override
  public ExecResult exec(String namespace, String pod, String container, java.util.List<String> command,
      java.time.Duration timeout) {
    return PodExec.run(client, namespace, pod, container, command, timeout);
  }

  @Override
  public void applyObject(HasMetadata object) {
    client.resource(object).unlock().createOr(existing -> existing.update());
  }

  @Override
  public void mergePatch(HasMetadata current, String patch) {
    try {
      var guarded = (ObjectNode) ClusterWrites.json().readTree(patch);
      guarded.withObject("/metadata").put("resourceVersion", current.getMetadata().getResourceVersion());
      client.resource(current).patch(PatchContext.of(
          PatchType.JSON_MERGE), guarded.toString());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON merge patch: " + patch, e);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new StatusConflictException(current.getKind() + " " + current.getMetadata().getName()
            + " changed meanwhile", e);
      }
      throw e;
    }
  }

  @Override
  public void deleteJob(String namespace, String name) {
    client.batch().v1().jobs().inNamespace(namespace).withName(name)
        .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
  }

  @Override
  public <T extends HasMetadata> T patchStatus(T resource, ArrayNode patch) {
    ArrayNode body = JsonNodeFactory.instance.arrayNode();
    // The resourceVersion makes the patch conditional: a real server answers 409 when the object moved on.
    body.addObject().put("op", "replace").put("path", "/metadata/resourceVersion")
        .put("value", resource.getMetadata().getResourceVersion());
    body.addAll(patch);
    try {
      return client.resource(resource).subresource("status").patch(PatchContext.of(PatchType.JSON), body.toString());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new StatusConflictException("conflict writing status of " + resource.getMetadata().getName(), e);
      }
      throw e;
    }
  }

  @Override
  public boolean acquireLock(HasMetadata current, String namespace, String lease, String holder, boolean takeOver) {
    return ownership.acquireLock((Lease) current, namespace, lease, holder, takeOver);
  }

  @Override
  public void renewLock(HasMetadata lease, String holder) {
    ownership.renewLock((Lease) lease, holder);
  }

  @Override
  public boolean releaseLock(HasMetadata current, String holder) {
    return ownership.releaseLock((Lease) current, holder);
  }

  @Override
  public boolean saveReplicas(HasMetadata owner, HasMetadata current, String configMap, String workload, int replicas) {
    return ownership.saveReplicas(owner, (ConfigMap) current, configMap, workload, replicas);
  }

  @Override
  public boolean scaleWorkload(HasMetadata current, int replicas) {
    return ownership.scaleWorkload(current, replicas);
  }

  @Override
  public String setFinalizer(HasMetadata object, String finalizer, boolean present) {
    return ownership.setFinalizer(object, finalizer, present);
  }

  @Override
  public void recordEvent(HasMetadata involved, Action.RecordEvent event) {
    String now = clock.instant().toString();
    Event e = new EventBuilder()
        .withNewMetadata()
          .withName(involved.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
          .withNamespace(involved.getMetadata().getNamespace())
        .endMetadata()
        .withNewInvolvedObject()
          .withApiVersion(involved.getApiVersion()).withKind(involved.getKind())
          .withName(involved.getMetadata().getName()).withNamespace(involved.getMetadata().getNamespace())
          .withUid(involved.getMetadata().getUid()).withResourceVersion(involved.getMetadata().getResourceVersion())
        .endInvolvedObject()
        .withType(event.type().name())
        .withReason(event.reason())
        .withMessage(event.message())
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource().withComponent("lifeboat").endSource()
        .withReportingComponent("lifeboat")
        .build();
    try {
      client.v1().events().inNamespace(e.getMetadata().getNamespace()).resource(e).create();
    } catch (KubernetesClientException ex) {
      LOG.log(Level.FINE, "could not record event " + event.reason(), ex);
    }
  }
}
