package dev.lifeboat.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Plays the Deployment, StatefulSet and ReplicaSet controllers for the sandbox: a short while after a change
 * of spec.replicas, status.replicas and readyReplicas follow it, so stopping and starting
 * applications can be watched end to end.
 */
public final class WorkloadSimulator implements AutoCloseable {
  static final long DELAY_MILLIS = 300;
  private final KubernetesClient client;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "sandbox-workloads");
    t.setDaemon(true);
    return t;
  });
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

  public WorkloadSimulator(KubernetesClient client) {
    this.client = client;
  }

  public void start() {
    informers.add(client.apps().deployments().inAnyNamespace().inform(handler(this::settleDeployment)));
    informers.add(client.apps().statefulSets().inAnyNamespace().inform(handler(this::settleStatefulSet)));
    informers.add(client.apps().replicaSets().inAnyNamespace().inform(handler(this::settleReplicaSet)));
  }

  private <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> settle) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        scheduler.schedule(() -> settle.accept(obj), DELAY_MILLIS, TimeUnit.MILLISECONDS);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        scheduler.schedule(() -> settle.accept(newObj), DELAY_MILLIS, TimeUnit.MILLISECONDS);
      }

      @Override
      public void onDelete(T obj, boolean unknown) {}
    };
  }

  private void settleDeployment(Deployment event) {
    settle(Deployment.class, event, d -> d.getSpec().getReplicas(), d -> d.getStatus() == null ? null
        : new Integer[] {d.getStatus().getReplicas(), d.getStatus().getReadyReplicas()}, (d, want) -> {
          DeploymentStatus s = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
          s.setReplicas(want);
          s.setReadyReplicas(want);
          s.setAvailableReplicas(want);
          s.setUpdatedReplicas(want);
          s.setObservedGeneration(d.getMetadata().getGeneration());
          d.setStatus(s);
        });
  }

  private void settleStatefulSet(StatefulSet event) {
    settle(StatefulSet.class, event, st -> st.getSpec().getReplicas(), st -> st.getStatus() == null ? null
        : new Integer[] {st.getStatus().getReplicas(), st.getStatus().getReadyReplicas()}, (st, want) -> {
          StatefulSetStatus s = st.getStatus() == null ? new StatefulSetStatus() : st.getStatus();
          s.setReplicas(want);
          s.setReadyReplicas(want);
          s.setAvailableReplicas(want);
          s.setCurrentReplicas(want);
          s.setObservedGeneration(st.getMetadata().getGeneration());
          st.setStatus(s);
        });
  }

  private void settleReplicaSet(ReplicaSet event) {
    settle(ReplicaSet.class, event, rs -> rs.getSpec().getReplicas(), rs -> rs.getStatus() == null ? null
        : new Integer[] {rs.getStatus().getReplicas(), rs.getStatus().getReadyReplicas()}, (rs, want) -> {
          ReplicaSetStatus s = rs.getStatus() == null ? new ReplicaSetStatus() : rs.getStatus();
          s.setReplicas(want);
          s.setReadyReplicas(want);
          s.setAvailableReplicas(want);
          s.setFullyLabeledReplicas(want);
          s.setObservedGeneration(rs.getMetadata().getGeneration());
          rs.setStatus(s);
        });
  }

  /**
   * Brings status.replicas and readyReplicas to spec.replicas (default 1), read fresh.
   *
   * @param observed [replicas, readyReplicas] of the status, or null without one
   */
  private <T extends HasMetadata> void settle(Class<T> kind, T event, Function<T, Integer> specReplicas,
      Function<T, Integer[]> observed, BiConsumer<T, Integer> setStatus) {
    try {
      T current = client.resources(kind).inNamespace(event.getMetadata().getNamespace())
          .withName(event.getMetadata().getName()).get();
      if (current == null) {
        return;
      }
      int want = specReplicas.apply(current) == null ? 1 : specReplicas.apply(current);
      Integer[] seen = observed.apply(current);
      if (seen != null && Integer.valueOf(want).equals(seen[0]) && Integer.valueOf(want).equals(seen[1])) {
        return;
      }
      setStatus.accept(current, want);
      client.resources(kind).inNamespace(current.getMetadata().getNamespace()).resource(current).updateStatus();
    } catch (KubernetesClientException e) {
      // the next event settles it
    }
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::stop);
    scheduler.shutdownNow();
  }
}
