package dev.lifeboat.sandbox;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Plays kube-scheduler, the attach-detach controller and the kubelet's start of a pod for the sandbox: every Pending
 * pod is placed by {@link PodPlacement} (or stays Pending with condition PodScheduled=False and a Warning Event
 * {@code FailedScheduling}), bound to its node, its ReadWriteOnce volumes attached (or it stays Pending with
 * {@code FailedAttachVolume} "Multi-Attach error ..."), then Running and Ready. Pending pods are looked at again on
 * every change of pods, nodes or claims, and every half second, as the real ones retry.
 *
 * <p>A pod started here runs nothing by itself; the Job runner asks to hear when its pod runs
 * ({@link #whenRunning}) and starts the process then.
 */
public final class SandboxScheduler implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SandboxScheduler.class.getName());
  private static final long RETRY_MILLIS = 500;
  /** How long the scheduler trusts its own writes over a cache that has not seen them yet. */
  private static final long ASSUME_MILLIS = 5_000;

  private final KubernetesClient client;
  private final Clock clock;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private SharedIndexInformer<Pod> pods;
  private SharedIndexInformer<Node> nodes;
  private SharedIndexInformer<PersistentVolumeClaim> claims;
  private SharedIndexInformer<PersistentVolume> volumes;
  /** Pods this scheduler started, as it wrote them, until the cache shows them (key ns/name). */
  private final Map<String, Assumed> assumed = new ConcurrentHashMap<>();
  /** Per pod, the last Warning recorded: the same one is not repeated every pass. */
  private final Map<String, String> warned = new ConcurrentHashMap<>();
  private final Map<String, Consumer<Pod>> onRunning = new ConcurrentHashMap<>();
  private final Object wake = new Object();
  private boolean dirty = true;
  private volatile boolean closed;
  private Thread loop;

  private record Assumed(Pod pod, long at) {}

  public SandboxScheduler(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void start() {
    pods = inform(client.pods().inAnyNamespace().inform(wakeOnChange()));
    nodes = inform(client.nodes().inform(wakeOnChange()));
    claims = inform(client.persistentVolumeClaims().inAnyNamespace().inform(wakeOnChange()));
    volumes = inform(client.persistentVolumes().inform(wakeOnChange()));
    loop = new Thread(this::run, "sandbox-scheduler");
    loop.setDaemon(true);
    loop.start();
  }

  /** Calls {@code started} once the pod {@code namespace/name} runs (register before creating the pod). */
  public void whenRunning(String namespace, String name, Consumer<Pod> started) {
    onRunning.put(namespace + "/" + name, started);
  }

  /** Forgets a pod that will never run (its Job deleted or past its deadline while it was Pending). */
  public void forget(String namespace, String name) {
    onRunning.remove(namespace + "/" + name);
  }

  private <T> SharedIndexInformer<T> inform(SharedIndexInformer<T> informer) {
    informers.add(informer);
    return informer;
  }

  private <T> ResourceEventHandler<T> wakeOnChange() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        poke();
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        poke();
      }

      @Override
      public void onDelete(T obj, boolean unknown) {
        poke();
      }
    };
  }

  private void poke() {
    synchronized (wake) {
      dirty = true;
      wake.notifyAll();
    }
  }

  private void run() {
    while (!closed) {
      synchronized (wake) {
        if (!dirty) {
          try {
            wake.wait(RETRY_MILLIS);
          } catch (InterruptedException e) {
            return;
          }
        }
        dirty = false;
      }
      try {
        pass();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "sandbox scheduler pass failed; retrying", e);
      }
    }
  }

  /** One look at every Pending pod, oldest first. */
  private void pass() {
    long now = clock.millis();
    assumed.values().removeIf(a -> now - a.at() > ASSUME_MILLIS);
    Map<String, Pod> current = new LinkedHashMap<>();
    for (Pod pod : pods.getStore().list()) {
      current.put(Cache.metaNamespaceKeyFunc(pod), pod);
    }
    assumed.forEach((key, a) -> {
      Pod cached = current.get(key);
      if (cached != null && older(cached, a.pod())) {
        current.put(key, a.pod()); // the cache has not seen our write yet
      }
    });
    assumed.entrySet().removeIf(e -> current.get(e.getKey()) != e.getValue().pod());
    warned.keySet().retainAll(current.keySet());
    List<Pod> pending = current.values().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null && pendingPhase(p))
        .sorted(java.util.Comparator.comparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
            .thenComparing(p -> p.getMetadata().getName()))
        .toList();
    for (Pod pod : pending) {
      PodPlacement.Cluster cluster = new PodPlacement.Cluster(nodes.getStore().list(), List.copyOf(current.values()),
          claims.getStore()::getByKey, volumes.getStore()::getByKey);
      Pod placed = place(pod, cluster);
      if (placed != null) {
        current.put(Cache.metaNamespaceKeyFunc(placed), placed);
      }
    }
  }

  /** Whether the cache's copy predates the one the scheduler wrote (resourceVersions grow, as the sandbox's do). */
  private static boolean older(Pod cached, Pod written) {
    try {
      return Long.parseLong(cached.getMetadata().getResourceVersion())
          < Long.parseLong(written.getMetadata().getResourceVersion());
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Running, Ready and not going: what a workload's readyReplicas counts. */
  static boolean ready(Pod pod) {
    return PodPlacement.running(pod) && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static boolean pendingPhase(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getPhase() == null || "Pending".equals(pod.getStatus().getPhase());
  }

  /** Schedules, attaches and starts one pod; returns it as written when it now runs. */
  private Pod place(Pod pod, PodPlacement.Cluster cluster) {
    String key = Cache.metaNamespaceKeyFunc(pod);
    try {
      if (pod.getSpec().getNodeName() == null) {
        PodPlacement.Decision decision = PodPlacement.schedule(pod, cluster);
        if (decision.node() == null) {
          unschedulable(pod, decision.unschedulable());
          return null;
        }
        pod.getSpec().setNodeName(decision.node());
        pod = client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).update();
        setCondition(pod, condition("PodScheduled", "True", null, null));
        pod = client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
        event(pod, "Normal", "Scheduled", "default-scheduler", "Successfully assigned " + key + " to "
            + decision.node());
      } else if (nodes.getStore().getByKey(pod.getSpec().getNodeName()) == null) {
        warn(pod, "FailedScheduling", "default-scheduler", "node \"" + pod.getSpec().getNodeName() + "\" not found");
        return null;
      }
      String conflict = PodPlacement.attachConflict(pod, cluster);
      if (conflict != null) {
        warn(pod, "FailedAttachVolume", "attachdetach-controller", conflict);
        return null;
      }
      Pod running = start(pod);
      assumed.put(key, new Assumed(running, clock.millis()));
      Consumer<Pod> started = onRunning.remove(key);
      if (started != null) {
        started.accept(running);
      }
      return running;
    } catch (KubernetesClientException e) {
      LOG.log(Level.FINE, "sandbox scheduler: pod " + key + " changed under it; the next pass retries", e);
      return null;
    }
  }

  private void unschedulable(Pod pod, String message) {
    PodCondition now = condition("PodScheduled", "False", "Unschedulable", message);
    PodCondition was = pod.getStatus() == null || pod.getStatus().getConditions() == null ? null
        : pod.getStatus().getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst().orElse(null);
    if (was == null || !message.equals(was.getMessage())) {
      setCondition(pod, now);
      client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
    }
    warn(pod, "FailedScheduling", "default-scheduler", message);
  }

  private Pod start(Pod pod) {
    String at = clock.instant().toString();
    if (pod.getStatus() == null) {
      pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
    }
    pod.getStatus().setPhase("Running");
    pod.getStatus().setStartTime(at);
    pod.getStatus().setHostIP(hostIp(pod.getSpec().getNodeName()));
    pod.getStatus().setPodIP("10.244." + Math.abs(pod.getMetadata().getName().hashCode() % 250) + "."
        + (2 + Math.abs(pod.getMetadata().getName().hashCode() / 250 % 250)));
    for (String type : List.of("PodScheduled", "Initialized", "ContainersReady", "Ready")) {
      setCondition(pod, condition(type, "True", null, null));
    }
    List<ContainerStatus> statuses = new ArrayList<>();
    for (var container : pod.getSpec().getContainers()) {
      statuses.add(new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage())
          .withReady(true).withStarted(true).withRestartCount(0)
          .withNewState().withNewRunning().withStartedAt(at).endRunning().endState().build());
    }
    pod.getStatus().setContainerStatuses(statuses);
    return client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
  }

  private String hostIp(String node) {
    Node n = nodes.getStore().getByKey(node);
    if (n == null || n.getStatus() == null || n.getStatus().getAddresses() == null || n.getStatus().getAddresses().isEmpty()) {
      return null;
    }
    return n.getStatus().getAddresses().get(0).getAddress();
  }

  private PodCondition condition(String type, String status, String reason, String message) {
    return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withLastTransitionTime(clock.instant().toString()).build();
  }

  private static void setCondition(Pod pod, PodCondition condition) {
    if (pod.getStatus() == null) {
      pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
      pod.getStatus().setPhase("Pending");
    }
    List<PodCondition> conditions = new ArrayList<>(pod.getStatus().getConditions() == null ? List.of()
        : pod.getStatus().getConditions());
    conditions.removeIf(c -> c.getType().equals(condition.getType()));
    conditions.add(condition);
    pod.getStatus().setConditions(conditions);
  }

  /** A Warning Event on the pod, once per distinct message. */
  private void warn(Pod pod, String reason, String component, String message) {
    String key = Cache.metaNamespaceKeyFunc(pod);
    if (!(reason + ": " + message).equals(warned.put(key, reason + ": " + message))) {
      event(pod, "Warning", reason, component, message);
    }
  }

  private void event(Pod pod, String type, String reason, String component, String message) {
    SandboxEvents.record(client, clock, pod, "v1", type, reason, component, message);
  }

  @Override
  public void close() {
    closed = true;
    informers.forEach(SharedIndexInformer::stop);
    if (loop != null) {
      loop.interrupt();
    }
  }
}
