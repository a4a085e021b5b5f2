package dev.lifeboat.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.api.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The "ensure" writes of restores: operation lock Leases, the restore data ConfigMap, workload
 * replicas and finalizers. Each reads the object fresh and writes only when it is not already as
 * asked, with its resourceVersion, so repeating one after a crash is harmless.
 */
final class ClusterWrites {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final KubernetesClient client;
  private final Clock clock;

  ClusterWrites(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  void acquireLock(String ns, String name, String holder, boolean takeOver) {
    Lease lease = client.leases().inNamespace(ns).withName(name).get();
    ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC);
    try {
      if (lease == null) {
        // No leaseDurationSeconds: an operation lock never expires silently; only its holder releases it.
        client.leases().inNamespace(ns).resource(new LeaseBuilder().withNewMetadata().withName(name).withNamespace(ns)
            .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).endMetadata()
            .withNewSpec().withHolderIdentity(holder).withAcquireTime(now).withRenewTime(now).endSpec().build()).create();
        return;
      }
      String current = lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
      if (holder.equals(current)) {
        return;
      }
      if (current != null && !current.isEmpty() && !takeOver) {
        throw new ApiWriter.StatusConflictException("lock " + name + " is held by " + current, null);
      }
      lease.getSpec().setHolderIdentity(holder);
      lease.getSpec().setAcquireTime(now);
      lease.getSpec().setRenewTime(now);
      client.leases().inNamespace(ns).resource(lease).update();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new ApiWriter.StatusConflictException("lock " + name + " changed meanwhile", e);
      }
      throw e;
    }
  }

  /** Updates renewTime from the cached Lease (its resourceVersion guards the write). */
  void renewLock(Lease cached, String holder) {
    if (cached.getSpec() == null || !holder.equals(cached.getSpec().getHolderIdentity())) {
      return;
    }
    Lease lease = dev.lifeboat.api.Copies.deepCopy(cached, Lease.class);
    lease.getSpec().setRenewTime(ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC));
    try {
      client.leases().inNamespace(lease.getMetadata().getNamespace()).resource(lease).update();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // changed meanwhile: the next reconcile looks again
    }
  }

  void releaseLock(String ns, String name, String holder) {
    Lease lease = client.leases().inNamespace(ns).withName(name).get();
    if (lease == null || lease.getSpec() == null || !holder.equals(lease.getSpec().getHolderIdentity())) {
      return;
    }
    lease.getSpec().setHolderIdentity(null);
    try {
      client.leases().inNamespace(ns).resource(lease).update();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new ApiWriter.StatusConflictException("lock " + name + " changed meanwhile", e);
      }
      throw e;
    }
  }

  /** Restore data: one key per workload ({@code deployment.api}), {isLive, capturedAt, replicas}. */
  void saveReplicas(HasMetadata owner, String name, String workload, int replicas) {
    String ns = owner.getMetadata().getNamespace();
    String key = RestoreData.key(workload);
    ConfigMap cm = client.configMaps().inNamespace(ns).withName(name).get();
    String entry = RestoreData.entry(replicas > 0, clock.instant().toString(), replicas);
    if (cm == null) {
      try {
        createRestoreData(owner, ns, name, key, entry);
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409) {
          throw new ApiWriter.StatusConflictException("restore data " + name + " appeared meanwhile", e);
        }
        throw e;
      }
      return;
    }
    Map<String, String> data = cm.getData() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(cm.getData());
    if (data.containsKey(key)) {
      return; // save-or-preserve: the first capture wins
    }
    data.put(key, entry);
    cm.setData(data);
    try {
      client.configMaps().inNamespace(ns).resource(cm).update();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new ApiWriter.StatusConflictException("restore data " + name + " changed meanwhile", e);
      }
      throw e;
    }
  }

  private void createRestoreData(HasMetadata owner, String ns, String name, String key, String entry) {
    client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName(name)
          .withNamespace(ns).addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
          .addToLabels(Labels.OWNER_KIND, owner.getKind())
          .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
              .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).build())
          .endMetadata().addToData(key, entry).build()).create();
  }

  void scaleWorkload(String ns, String ref, int replicas) {
    String[] parts = ref.split("/", 2);
    var resource = "deployment".equals(parts[0]) ? client.apps().deployments().inNamespace(ns).withName(parts[1])
        : client.apps().statefulSets().inNamespace(ns).withName(parts[1]);
    HasMetadata current = resource.get();
    if (current == null) {
      return;
    }
    Integer now = current instanceof io.fabric8.kubernetes.api.model.apps.Deployment d ? d.getSpec().getReplicas()
        : ((io.fabric8.kubernetes.api.model.apps.StatefulSet) current).getSpec().getReplicas();
    if (now != null && now == replicas) {
      return;
    }
    // Conditional on the version just read: a write that arrives late (a retried request whose first
    // try was applied, a slow connection) must not scale an application back after others moved on.
    try {
      resource.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"resourceVersion\":\""
          + current.getMetadata().getResourceVersion() + "\"},\"spec\":{\"replicas\":" + replicas + "}}");
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new ApiWriter.StatusConflictException(ref + " changed meanwhile", e);
      }
      throw e;
    }
  }

  String setFinalizer(HasMetadata object, String finalizer, boolean present) {
    // A cached object carries its resourceVersion: update from it (a 409 sends the engine to re-read).
    HasMetadata current = object.getMetadata().getResourceVersion() != null ? copy(object) : client.resource(object).get();
    if (current == null) {
      return null;
    }
    List<String> finalizers = new ArrayList<>(current.getMetadata().getFinalizers() == null ? List.of()
        : current.getMetadata().getFinalizers());
    if (finalizers.contains(finalizer) == present) {
      return null;
    }
    if (present) {
      if (current.getMetadata().getDeletionTimestamp() != null) {
        return null; // no new finalizers on an object that is going away
      }
      finalizers.add(finalizer);
    } else {
      finalizers.remove(finalizer);
    }
    current.getMetadata().setFinalizers(finalizers);
    try {
      HasMetadata updated = client.resource(current).update();
      return updated == null ? null : updated.getMetadata().getResourceVersion(); // null: it went away meanwhile
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new ApiWriter.StatusConflictException("finalizers of " + current.getMetadata().getName()
            + " changed meanwhile", e);
      }
      throw e;
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends HasMetadata> T copy(T object) {
    return dev.lifeboat.api.Copies.deepCopy(object, (Class<T>) object.getClass());
  }

  static ObjectMapper json() {
    return JSON;
  }
}
