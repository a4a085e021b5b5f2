package dev.lifeboat.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Plays Kubernetes' garbage collector for the sandbox, with background propagation: when an object leaves the store,
 * every object whose ownerReferences name its uid is deleted (through the API, so its own finalizers and dependents
 * are honoured in turn). Deleted with {@code propagationPolicy: Orphan}, its dependents stay and lose the reference.
 */
final class GarbageCollector implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(GarbageCollector.class.getName());
  /** The identity the request audit records for its requests, as in a cluster. */
  static final String IDENTITY = "system:serviceaccount:kube-system:generic-garbage-collector";

  private final IndexedStore store;
  private final KubernetesClient client;
  /** "plural/namespace/name" of objects deleted with propagationPolicy Orphan, until they leave the store. */
  private final Set<String> orphaning = ConcurrentHashMap.newKeySet();
  /**
   * How long after an entry leaves the store the collector looks whether its object is gone: the mock updates an
   * object by removing its entry and putting it back, under its own lock, which the collector does not hold.
   */
  private static final long SETTLE_MILLIS = 250;
  private final java.util.concurrent.ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "sandbox-garbage-collector");
    t.setDaemon(true);
    return t;
  });

  GarbageCollector(IndexedStore store, KubernetesClient client) {
    this.store = store;
    this.client = client;
    store.onRemoved(this::removed);
  }

  /** A DELETE of "plural/namespace/name" asked to orphan its dependents. */
  void orphan(String object) {
    orphaning.add(object);
  }

  private void removed(AttributeSet key, String json) {
    String uid = StoredJson.uid(json);
    if (uid == null) {
      return;
    }
    String object = IndexedStore.describe(key);
    // Not here: the store's lock is held while the mock serves a request. And only if it is really gone: the mock
    // updates an object by removing its entry and putting it back.
    worker.schedule(() -> {
      if (store.holds(uid)) {
        return;
      }
      boolean orphan = orphaning.remove(object);
      store.dependentsOf(uid).forEach(dependent -> collect(dependent, uid, orphan));
    }, SETTLE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private void collect(AttributeSet key, String ownerUid, boolean orphan) {
    String json = store.json(key);
    if (json == null) {
      return;
    }
    JsonNode object = StoredJson.tree(json);
    String apiVersion = object.path("apiVersion").asText();
    String kind = object.path("kind").asText();
    String namespace = object.path("metadata").path("namespace").asText(null);
    String name = object.path("metadata").path("name").asText();
    try {
      var resources = client.genericKubernetesResources(apiVersion, kind);
      var resource = namespace == null ? resources.withName(name) : resources.inNamespace(namespace).withName(name);
      if (orphan) {
        int index = 0;
        for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
          if (ownerUid.equals(ref.path("uid").asText())) {
            resource.patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"remove\",\"path\":\"/metadata/ownerReferences/" + index + "\"}]");
            return;
          }
          index++;
        }
        return;
      }
      GenericKubernetesResource dependent = resource.get();
      var ref = dependent == null || dependent.getMetadata().getOwnerReferences() == null ? null
          : dependent.getMetadata().getOwnerReferences().stream().filter(r -> ownerUid.equals(r.getUid())).findFirst()
              .orElse(null);
      if (ref != null && !ownerExists(ref, namespace)) {
        resource.delete();
      }
    } catch (KubernetesClientException e) {
      LOG.log(Level.FINE, "garbage collector: could not collect " + kind + " " + namespace + "/" + name, e);
    } catch (IllegalStateException e) {
      // the sandbox is closing: its client is closed
    }
  }

  /** The owner, read from the API as the real collector does before it deletes anything: same uid, still there? */
  private boolean ownerExists(io.fabric8.kubernetes.api.model.OwnerReference ref, String namespace) {
    var owners = client.genericKubernetesResources(ref.getApiVersion(), ref.getKind());
    GenericKubernetesResource owner;
    try {
      owner = namespace == null ? owners.withName(ref.getName()).get() : owners.inNamespace(namespace).withName(ref.getName()).get();
    } catch (KubernetesClientException e) {
      owner = namespace == null ? null : owners.withName(ref.getName()).get(); // a cluster-scoped owner
    }
    return owner != null && ref.getUid().equals(owner.getMetadata().getUid());
  }

  @Override
  public void close() {
    worker.shutdownNow();
    client.close();
  }
}
