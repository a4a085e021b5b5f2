package dev.lifeboat.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Watches one kind in a namespace and opens once {@code count} distinct objects have reached a goal. */
final class PhaseLatch<T extends HasMetadata> implements AutoCloseable {
  private final Set<String> reached = ConcurrentHashMap.newKeySet();
  private final CountDownLatch all = new CountDownLatch(1);
  private final SharedIndexInformer<T> informer;

  PhaseLatch(KubernetesClient client, Class<T> kind, String namespace, int count, Predicate<T> goal) {
    informer = client.resources(kind).inNamespace(namespace).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        check(obj);
      }

      @Override
      public void onUpdate(T oldObj, T obj) {
        check(obj);
      }

      @Override
      public void onDelete(T obj, boolean unknown) {}

      private void check(T obj) {
        if (goal.test(obj) && reached.add(obj.getMetadata().getName()) && reached.size() == count) {
          all.countDown();
        }
      }
    });
  }

  /** How many have reached the goal so far. */
  int reached() {
    return reached.size();
  }

  /** Waits until all reached the goal; throws naming how many did when time runs out. */
  void await(long minutes, String what) throws InterruptedException {
    if (!all.await(minutes, TimeUnit.MINUTES)) {
      throw new IllegalStateException("only " + reached.size() + " " + what);
    }
  }

  @Override
  public void close() {
    informer.stop();
  }
}
