package dev.lifeboat.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Plays the Deployment, ReplicaSet and StatefulSet controllers for
 * the sandbox: a Deployment gets a ReplicaSet per pod template ({@code NAME-HASH}), a ReplicaSet and a StatefulSet get
 * Pods ({@code RS-xxxxx}, {@code SET-ORDINAL}) with the template's labels and an owner reference, a StatefulSet's
 * volumeClaimTemplates become claims {@code TEMPLATE-SET-ORDINAL}; the {@link SandboxScheduler} places and starts the
 * pods, and each owner's status counts them (replicas, readyReplicas) as the real controllers do. Scaling down
 * deletes pods (a StatefulSet's highest ordinals first); the garbage collector deletes what a deleted owner owned.
 */
public final class WorkloadSimulator implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WorkloadSimulator.class.getName());
  /** How long a workload whose pod admission refused waits before it tries again. */
  private static final int FAILED_CREATE_RETRY_SECONDS = 5;
  /** The last refusal recorded per workload (kind/namespace/name): one Event per distinct message. */
  private final Map<String, String> refusals = new ConcurrentHashMap<>();
  static final long DELAY_MILLIS = 20;
  static final String TEMPLATE_HASH = "pod-template-hash";

  private final KubernetesClient client;
  private final Clock clock;
  private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "sandbox-workloads");
    t.setDaemon(true);
    return t;
  });
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  /** Settles already queued ("Kind/ns/name"): a burst of events settles once. */
  private final Set<String> queued = ConcurrentHashMap.newKeySet();

  public WorkloadSimulator(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void start() {
    informers.add(client.apps().deployments().inAnyNamespace().inform(handler("Deployment")));
    informers.add(client.apps().replicaSets().inAnyNamespace().inform(handler("ReplicaSet")));
    informers.add(client.apps().statefulSets().inAnyNamespace().inform(handler("StatefulSet")));
    informers.add(client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        ownerChanged(pod);
      }

      @Override
      public void onUpdate(Pod oldPod, Pod pod) {
        ownerChanged(pod);
      }

      @Override
      public void onDelete(Pod pod, boolean unknown) {
        ownerChanged(pod);
      }
    }));
  }

  private <T extends HasMetadata> ResourceEventHandler<T> handler(String kind) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        queue(kind, obj.getMetadata());
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        queue(kind, newObj.getMetadata());
      }

      @Override
      public void onDelete(T obj, boolean unknown) {
        // What it owned goes with it: the sandbox's garbage collector deletes its ReplicaSets and pods.
      }
    };
  }

  /** A pod's change changes its owner's counts (and a ReplicaSet's, its Deployment's). */
  private void ownerChanged(Pod pod) {
    OwnerReference owner = controllerOf(pod.getMetadata());
    if (owner != null && ("ReplicaSet".equals(owner.getKind()) || "StatefulSet".equals(owner.getKind()))) {
      queue(owner.getKind(), pod.getMetadata().getNamespace(), owner.getName());
    }
  }

  private void queue(String kind, ObjectMeta meta) {
    queue(kind, meta.getNamespace(), meta.getName());
  }

  private void queue(String kind, String namespace, String name) {
    String key = kind + "/" + namespace + "/" + name;
    if (queued.add(key)) {
      worker.schedule(() -> {
        queued.remove(key);
        try {
          switch (kind) {
            case "Deployment" -> settleDeployment(namespace, name);
            case "ReplicaSet" -> settleReplicaSet(namespace, name);
            default -> settleStatefulSet(namespace, name);
          }
        } catch (KubernetesClientException e) {
          LOG.log(Level.FINE, "sandbox workloads: " + key + " changed meanwhile; its next event settles it", e);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "sandbox workloads: could not settle " + key, e);
        }
      }, DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void settleDeployment(String ns, String name) {
    Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
    if (d == null || d.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    int want = replicas(d.getSpec().getReplicas());
    String hash = templateHash(d.getSpec().getTemplate());
    String current = name + "-" + hash;
    List<ReplicaSet> owned = client.apps().replicaSets().inNamespace(ns).list().getItems().stream()
        .filter(rs -> ownedBy(rs.getMetadata(), d.getMetadata().getUid())).toList();
    ReplicaSet mine = owned.stream().filter(rs -> rs.getMetadata().getName().equals(current)).findFirst().orElse(null);
    if (mine == null) {
      PodTemplateSpec template = Serialization.clone(d.getSpec().getTemplate());
      template.getMetadata().setLabels(with(template.getMetadata().getLabels(), TEMPLATE_HASH, hash));
      mine = client.apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder()
          .withNewMetadata().withName(current).withNamespace(ns).withLabels(template.getMetadata().getLabels())
            .withOwnerReferences(controllerRef(d)).endMetadata()
          .withNewSpec().withReplicas(want).withTemplate(template)
            .withNewSelector().withMatchLabels(template.getMetadata().getLabels()).endSelector().endSpec()
          .build()).create();
    } else if (!Integer.valueOf(want).equals(mine.getSpec().getReplicas())) {
      mine.getSpec().setReplicas(want);
      mine = client.apps().replicaSets().inNamespace(ns).resource(mine).update();
    }
    for (ReplicaSet old : owned) {
      if (!old.getMetadata().getName().equals(current)) {
        client.apps().replicaSets().inNamespace(ns).resource(old).delete(); // a rollout, done at once
      }
    }
    int replicas = mine.getStatus() == null || mine.getStatus().getReplicas() == null ? 0 : mine.getStatus().getReplicas();
    int ready = mine.getStatus() == null || mine.getStatus().getReadyReplicas() == null ? 0 : mine.getStatus().getReadyReplicas();
    DeploymentStatus s = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
    if (same(s.getReplicas(), replicas) && same(s.getReadyReplicas(), ready) && same(s.getUpdatedReplicas(), replicas)
        && java.util.Objects.equals(s.getObservedGeneration(), d.getMetadata().getGeneration())) {
      return;
    }
    s.setReplicas(replicas);
    s.setReadyReplicas(ready);
    s.setAvailableReplicas(ready);
    s.setUpdatedReplicas(replicas);
    s.setUnavailableReplicas(Math.max(0, want - ready) == 0 ? null : want - ready);
    s.setObservedGeneration(d.getMetadata().getGeneration());
    d.setStatus(s);
    client.apps().deployments().inNamespace(ns).resource(d).updateStatus();
  }

  private void settleReplicaSet(String ns, String name) {
    ReplicaSet rs = client.apps().replicaSets().inNamespace(ns).withName(name).get();
    if (rs == null || rs.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    int want = replicas(rs.getSpec().getReplicas());
    List<Pod> pods = podsOf(ns, rs.getMetadata().getUid());
    for (int i = pods.size(); i < want; i++) {
      createPod(rs, rs.getSpec().getTemplate(), name + "-" + suffix(), Map.of());
    }
    // Scaling down: the newest pods go first.
    pods.stream().sorted(Comparator.comparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp())).reversed())
        .limit(Math.max(0, pods.size() - want)).forEach(p -> client.pods().inNamespace(ns).resource(p).delete());
    int replicas = Math.min(pods.size(), want);
    int ready = (int) pods.stream().filter(SandboxScheduler::ready).count();
    ready = Math.min(ready, want);
    ReplicaSetStatus s = rs.getStatus() == null ? new ReplicaSetStatus() : rs.getStatus();
    if (!(same(s.getReplicas(), replicas) && same(s.getReadyReplicas(), ready)
        && java.util.Objects.equals(s.getObservedGeneration(), rs.getMetadata().getGeneration()))) {
      s.setReplicas(replicas);
      s.setReadyReplicas(ready);
      s.setAvailableReplicas(ready);
      s.setFullyLabeledReplicas(replicas);
      s.setObservedGeneration(rs.getMetadata().getGeneration());
      rs.setStatus(s);
      client.apps().replicaSets().inNamespace(ns).resource(rs).updateStatus();
    }
    OwnerReference owner = controllerOf(rs.getMetadata());
    if (owner != null && "Deployment".equals(owner.getKind())) {
      queue("Deployment", ns, owner.getName());
    }
  }

  private void settleStatefulSet(String ns, String name) {
    StatefulSet set = client.apps().statefulSets().inNamespace(ns).withName(name).get();
    if (set == null || set.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    int want = replicas(set.getSpec().getReplicas());
    Map<String, Pod> pods = new LinkedHashMap<>();
    podsOf(ns, set.getMetadata().getUid()).forEach(p -> pods.put(p.getMetadata().getName(), p));
    for (int ordinal = 0; ordinal < want; ordinal++) {
      String pod = name + "-" + ordinal;
      if (!pods.containsKey(pod)) {
        claimsFromTemplates(set, ordinal);
        createPod(set, set.getSpec().getTemplate(), pod, Map.of("statefulset.kubernetes.io/pod-name", pod,
            "apps.kubernetes.io/pod-index", String.valueOf(ordinal)));
      }
    }
    for (Pod pod : pods.values()) {
      String ordinal = pod.getMetadata().getName().substring(name.length() + 1);
      if (!ordinal.matches("\\d+") || Integer.parseInt(ordinal) >= want) {
        client.pods().inNamespace(ns).resource(pod).delete(); // scaled down: the highest ordinals go; claims stay
      }
    }
    int replicas = (int) pods.values().stream().filter(p -> ordinalBelow(p, name, want)).count();
    int ready = (int) pods.values().stream().filter(p -> ordinalBelow(p, name, want) && SandboxScheduler.ready(p)).count();
    StatefulSetStatus s = set.getStatus() == null ? new StatefulSetStatus() : set.getStatus();
    if (same(s.getReplicas(), replicas) && same(s.getReadyReplicas(), ready)
        && java.util.Objects.equals(s.getObservedGeneration(), set.getMetadata().getGeneration())) {
      return;
    }
    s.setReplicas(replicas);
    s.setReadyReplicas(ready);
    s.setAvailableReplicas(ready);
    s.setCurrentReplicas(replicas);
    s.setUpdatedReplicas(replicas);
    s.setObservedGeneration(set.getMetadata().getGeneration());
    set.setStatus(s);
    client.apps().statefulSets().inNamespace(ns).resource(set).updateStatus();
  }

  private static boolean ordinalBelow(Pod pod, String set, int want) {
    String ordinal = pod.getMetadata().getName().substring(set.length() + 1);
    return ordinal.matches("\\d+") && Integer.parseInt(ordinal) < want;
  }

  /** The claims a StatefulSet's pod of this ordinal mounts, created if missing (the provisioner binds them). */
  private void claimsFromTemplates(StatefulSet set, int ordinal) {
    if (set.getSpec().getVolumeClaimTemplates() == null) {
      return;
    }
    String ns = set.getMetadata().getNamespace();
    for (PersistentVolumeClaim template : set.getSpec().getVolumeClaimTemplates()) {
      String claim = template.getMetadata().getName() + "-" + set.getMetadata().getName() + "-" + ordinal;
      if (client.persistentVolumeClaims().inNamespace(ns).withName(claim).get() == null) {
        client.persistentVolumeClaims().inNamespace(ns).resource(new PersistentVolumeClaimBuilder()
            .withNewMetadata().withName(claim).withNamespace(ns).withLabels(set.getSpec().getSelector() == null ? null
                : set.getSpec().getSelector().getMatchLabels()).endMetadata()
            .withSpec(Serialization.clone(template.getSpec())).build()).create();
      }
    }
  }

  private void createPod(HasMetadata owner, PodTemplateSpec template, String name, Map<String, String> extraLabels) {
    var spec = Serialization.clone(template.getSpec());
    if (owner instanceof StatefulSet set && set.getSpec().getVolumeClaimTemplates() != null) {
      String ordinal = name.substring(set.getMetadata().getName().length() + 1);
      for (PersistentVolumeClaim t : set.getSpec().getVolumeClaimTemplates()) {
        String volume = t.getMetadata().getName();
        if (spec.getVolumes() == null || spec.getVolumes().stream().noneMatch(v -> v.getName().equals(volume))) {
          List<io.fabric8.kubernetes.api.model.Volume> volumes = new ArrayList<>(spec.getVolumes() == null ? List.of() : spec.getVolumes());
          volumes.add(new VolumeBuilder().withName(volume).withNewPersistentVolumeClaim()
              .withClaimName(volume + "-" + set.getMetadata().getName() + "-" + ordinal).endPersistentVolumeClaim().build());
          spec.setVolumes(volumes);
        }
      }
    }
    Map<String, String> labels = new LinkedHashMap<>(template.getMetadata() == null || template.getMetadata().getLabels() == null
        ? Map.of() : template.getMetadata().getLabels());
    labels.putAll(extraLabels);
    try {
      client.pods().inNamespace(owner.getMetadata().getNamespace()).resource(new PodBuilder()
          .withNewMetadata().withName(name).withNamespace(owner.getMetadata().getNamespace()).withLabels(labels)
            .withAnnotations(template.getMetadata() == null ? null : template.getMetadata().getAnnotations())
            .withCreationTimestamp(clock.instant().toString()).withOwnerReferences(controllerRef(owner)).endMetadata()
          .withSpec(spec).withNewStatus().withPhase("Pending").endStatus()
          .build()).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e;
      }
      // Refused by admission (Pod Security, a quota): the controller says so on its object and tries again later.
      String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
          : e.getMessage();
      failedCreate(owner, owner instanceof StatefulSet ? "create Pod " + name + " in StatefulSet "
          + owner.getMetadata().getName() + " failed error: " + message : "Error creating: " + message);
      throw e;
    }
  }

  /** A Warning FailedCreate on the workload (once per distinct message), then another try after a while. */
  private void failedCreate(HasMetadata owner, String message) {
    String key = owner.getKind() + "/" + owner.getMetadata().getNamespace() + "/" + owner.getMetadata().getName();
    if (!message.equals(refusals.put(key, message))) {
      SandboxEvents.record(client, clock, owner, "apps/v1", "Warning", "FailedCreate",
          owner instanceof StatefulSet ? "statefulset-controller" : "replicaset-controller", message);
    }
    worker.schedule(() -> queue(owner.getKind(), owner.getMetadata().getNamespace(), owner.getMetadata().getName()),
        FAILED_CREATE_RETRY_SECONDS, TimeUnit.SECONDS);
  }

  private List<Pod> podsOf(String ns, String ownerUid) {
    return client.pods().inNamespace(ns).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null && ownedBy(p.getMetadata(), ownerUid)).toList();
  }

  private static boolean ownedBy(ObjectMeta meta, String uid) {
    OwnerReference owner = controllerOf(meta);
    return owner != null && owner.getUid() != null && owner.getUid().equals(uid);
  }

  private static OwnerReference controllerOf(ObjectMeta meta) {
    return meta.getOwnerReferences() == null ? null : meta.getOwnerReferences().stream()
        .filter(r -> Boolean.TRUE.equals(r.getController())).findFirst().orElse(null);
  }

  private static OwnerReference controllerRef(HasMetadata owner) {
    return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion() == null ? "apps/v1" : owner.getApiVersion())
        .withKind(owner.getKind()).withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
        .withController(true).withBlockOwnerDeletion(true).build();
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(labels == null ? Map.of() : labels);
    copy.put(key, value);
    return copy;
  }

  /** A stable short hash of the pod template, as the Deployment controller names its ReplicaSets. */
  static String templateHash(PodTemplateSpec template) {
    String hex = Integer.toHexString(Serialization.asJson(template).hashCode() & 0x7fffffff);
    StringBuilder out = new StringBuilder();
    String alphabet = "bcdfghjklmnpqrstvwxz2456789";
    for (char c : hex.toCharArray()) {
      out.append(alphabet.charAt(Character.digit(c, 16)));
    }
    return out.toString();
  }

  private static String suffix() {
    String alphabet = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      out.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
    }
    return out.toString();
  }

  private static int replicas(Integer replicas) {
    return replicas == null ? 1 : replicas;
  }

  private static boolean same(Integer seen, int want) {
    return seen != null && seen == want || seen == null && want == 0;
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::stop);
    worker.shutdownNow();
  }
}
