package dev.lifeboat.cluster;

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
import dev.lifeboat.api.Copies;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;

/**
 * The "ensure" writes of restores: operation lock Leases, the restore data ConfigMap, workload
 * replicas and finalizers. Each starts from the copy the decision saw (the cache's; the engine
 * makes sure it is not one our own earlier write replaced), writes only when it is not already as
 * asked, and is guarded by that copy's resourceVersion: repeating one after a crash is harmless, and
 * a copy the server has moved past ends in a 409 and a new decision, never in a lost update.
 */
final class ClusterWrites {
  private static final ObjectMapper JSON = dev.lifeboat.api.ApiJson.configure(new ObjectMapper());
  private final KubernetesClient client;
  private final Clock clock;

  ClusterWrites(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * Takes the Lease named {@code name} for {@code holder}, from {@code current}: the cached copy, or
   * null when the cache has none. A cache behind the server ends in a 409, which sends the engine
   * to decide again; nothing is read here.
   */
  boolean acquireLock(Lease current, String ns, String name, String holder, boolean takeOver) {
    ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC);
    Lease lease = current == null ? null : copy(current);
    try {
      if (lease == null) {
        // No leaseDurationSeconds: an operation lock never expires silently; only its holder releases it.
        try {
          client.leases().inNamespace(ns).resource(new LeaseBuilder().withNewMetadata().withName(name).withNamespace(ns)
              .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).endMetadata()
              .withNewSpec().withHolderIdentity(holder).withAcquireTime(now).withRenewTime(now).endSpec().build()).create();
          return true;
        } catch (KubernetesClientException e) {
          if (e.getCode() != 409) {
            throw e;
          }
          // It exists. Usually the cache is just behind (the 409 re-runs the decision); a Lease without
          // lifeboat's label (made by hand) never reaches the cache at all, so look at it once and adopt it.
          lease = client.leases().inNamespace(ns).withName(name).get();
          if (lease == null || Labels.MANAGED_BY_VALUE.equals(lease.getMetadata().getLabels() == null ? null
              : lease.getMetadata().getLabels().get(Labels.MANAGED_BY))) {
            throw e;
          }
          lease.getMetadata().setLabels(withOurLabel(lease.getMetadata().getLabels()));
          String other = lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
          if (other != null && !other.isEmpty() && !other.equals(holder) && !takeOver) {
            client.leases().inNamespace(ns).resource(lease).update(); // the label only: now the cache sees its holder
            throw new ApiWriter.StatusConflictException("lock " + name + " is held by " + other, null);
          }
        }
      }
      String holding = lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
      if (holder.equals(holding)) {
        return false;
      }
      if (holding != null && !holding.isEmpty() && !takeOver) {
        throw new ApiWriter.StatusConflictException("lock " + name + " is held by " + holding, null);
      }
      if (lease.getSpec() == null) {
        lease.setSpec(new LeaseSpec());
      }
      lease.getSpec().setHolderIdentity(holder);
      lease.getSpec().setAcquireTime(now);
      lease.getSpec().setRenewTime(now);
      lease.getMetadata().setLabels(withOurLabel(lease.getMetadata().getLabels()));
      client.leases().inNamespace(ns).resource(lease).update();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new ApiWriter.StatusConflictException("lock " + name + " changed meanwhile", e);
      }
      throw e;
    }
  }

  private static Map<String, String> withOurLabel(Map<String, String> labels) {
    Map<String, String> all = labels == null ? new LinkedHashMap<>() : new LinkedHashMap<>(labels);
    all.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    return all;
  }

  /** Updates renewTime from the cached Lease (its resourceVersion guards the write). */
  void renewLock(Lease cached, String holder) {
    if (cached.getSpec() == null || !holder.equals(cached.getSpec().getHolderIdentity())) {
      return;
    }
    Lease lease = copy(cached);
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

  /** Frees the cached Lease {@code current} if {@code holder} holds it (its resourceVersion guards the write). */
  boolean releaseLock(Lease current, String holder) {
    if (current == null || current.getSpec() == null || !holder.equals(current.getSpec().getHolderIdentity())) {
      return false;
    }
    Lease lease = copy(current);
    lease.getSpec().setHolderIdentity(null);
    try {
      client.leases().inNamespace(lease.getMetadata().getNamespace()).resource(lease).update();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new ApiWriter.StatusConflictException("lock " + lease.getMetadata().getName() + " changed meanwhile", e);
      }
      throw e;
    }
  }

  /**
   * Restore data: one key per workload ({@code deployment.api}), {isLive, capturedAt, replicas},
   * added to {@code current} (the cached ConfigMap, or null: create it).
   */
  boolean saveReplicas(HasMetadata owner, ConfigMap current, String name, String workload, int replicas) {
    String ns = owner.getMetadata().getNamespace();
    String key = RestoreData.key(workload);
    String entry = RestoreData.entry(replicas > 0, clock.instant().toString(), replicas);
    try {
      if (current == null) {
        createRestoreData(owner, ns, name, key, entry);
        return true;
      }
      if (current.getData() != null && current.getData().containsKey(key)) {
        return false; // save-or-preserve: the first capture wins
      }
      ConfigMap cm = copy(current);
      Map<String, String> data = cm.getData() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(cm.getData());
      data.put(key, entry);
      cm.setData(data);
      client.configMaps().inNamespace(ns).resource(cm).update();
      return true;
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

  /** Sets spec.replicas of {@code current} (the cached Deployment or StatefulSet) unless it already has that value. */
  boolean scaleWorkload(HasMetadata current, int replicas) {
    if (current == null) {
      return false;
    }
    Integer now = current instanceof Deployment d ? d.getSpec().getReplicas()
        : ((StatefulSet) current).getSpec().getReplicas();
    if (now != null && now == replicas) {
      return false;
    }
    String name = current.getMetadata().getName();
    // Conditional on the version the decision saw: a write that arrives late (a retried request whose
    // first try was applied, a slow connection) must not scale an application back after others moved on.
    try {
      // client.resource(current): a patch through withName() would GET the object first.
      client.resource(current).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"resourceVersion\":\""
          + current.getMetadata().getResourceVersion() + "\"},\"spec\":{\"replicas\":" + replicas + "}}");
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new ApiWriter.StatusConflictException(current.getKind() + " " + name + " changed meanwhile", e);
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
    return Copies.deepCopy(object, (Class<T>) object.getClass());
  }

  static ObjectMapper json() {
    return JSON;
  }
}
