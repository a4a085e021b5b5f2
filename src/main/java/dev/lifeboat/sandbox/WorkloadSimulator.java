package dev.lifeboat.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
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

/**
 * Plays the Deployment and StatefulSet controllers for the sandbox: a short while after a change
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
    try {
      Deployment d = client.apps().deployments().inNamespace(event.getMetadata().getNamespace())
          .withName(event.getMetadata().getName()).get();
      if (d == null) {
        return;
      }
      int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
      DeploymentStatus s = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
      if (Integer.valueOf(want).equals(s.getReplicas()) && Integer.valueOf(want).equals(s.getReadyReplicas())) {
        return;
      }
      s.setReplicas(want);
      s.setReadyReplicas(want);
      s.setAvailableReplicas(want);
      s.setUpdatedReplicas(want);
      s.setObservedGeneration(d.getMetadata().getGeneration());
      d.setStatus(s);
      client.apps().deployments().inNamespace(d.getMetadata().getNamespace()).resource(d).updateStatus();
    } catch (KubernetesClientException e) {
      // the next event settles it
    }
  }

  private void settleStatefulSet(StatefulSet event) {
    try {
      StatefulSet st = client.apps().statefulSets().inNamespace(event.getMetadata().getNamespace())
          .withName(event.getMetadata().getName()).get();
      if (st == null) {
        return;
      }
      int want = st.getSpec().getReplicas() == null ? 1 : st.getSpec().getReplicas();
      StatefulSetStatus s = st.getStatus() == null ? new StatefulSetStatus() : st.getStatus();
      if (Integer.valueOf(want).equals(s.getReplicas()) && Integer.valueOf(want).equals(s.getReadyReplicas())) {
        return;
      }
      s.setReplicas(want);
      s.setReadyReplicas(want);
      s.setAvailableReplicas(want);
      s.setCurrentReplicas(want);
      s.setObservedGeneration(st.getMetadata().getGeneration());
      st.setStatus(s);
      client.apps().statefulSets().inNamespace(st.getMetadata().getNamespace()).resource(st).updateStatus();
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
