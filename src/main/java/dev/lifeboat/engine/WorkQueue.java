package dev.lifeboat.engine;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

/**
 * A de-duplicating work queue in the style of client-go: a key is queued at most once, is handed
 * to one worker at a time, and a key that changes while being worked on is queued again when done.
 */
public final class WorkQueue<K> {
  private final Set<K> queued = new LinkedHashSet<>();
  private final Set<K> processing = new HashSet<>();
  private final Set<K> dirty = new HashSet<>();
  private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "lifeboat-requeue");
    t.setDaemon(true);
    return t;
  });
  /** Per key, the earliest delayed re-add still pending (nanoTime): a later one would only repeat it. */
  private final Map<K, Long> pendingDue = new ConcurrentHashMap<>();
  private boolean shutdown;

  /** Keys waiting to be worked on (not those being worked on, nor delayed re-adds). */
  public synchronized int depth() {
    return queued.size();
  }

  public synchronized void add(K key) {
    if (shutdown) {
      return;
    }
    if (processing.contains(key)) {
      dirty.add(key);
      return;
    }
    if (queued.add(key)) {
      notifyAll();
    }
  }

  /**
   * Queues the key after {@code delay}. Re-adds do not pile up: when an earlier one is already
   * pending for the key, this one is dropped — the reconcile that earlier one brings computes its
   * own next delay anyway (every reconcile of a busy object used to schedule one more, each a full
   * reconcile later).
   */
  public void addAfter(K key, Duration delay) {
    if (delays.isShutdown()) {
      return;
    }
    long due = System.nanoTime() + delay.toNanos();
    Long earlier = pendingDue.merge(key, due, (was, now) -> was - now <= 0 ? was : now);
    if (earlier != due) {
      return; // an earlier (or the same) re-add is pending
    }
    try {
      delays.schedule(() -> {
        pendingDue.remove(key, due);
        add(key);
      }, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shutDown) {
      pendingDue.remove(key, due);
    }
  }

  /** Blocks until a key is available; null once shut down. */
  public synchronized K take() throws InterruptedException {
    while (queued.isEmpty() && !shutdown) {
      wait();
    }
    if (shutdown) {
      return null;
    }
    K key = queued.iterator().next();
    queued.remove(key);
    processing.add(key);
    return key;
  }

  public synchronized void done(K key) {
    processing.remove(key);
    if (dirty.remove(key)) {
      queued.add(key);
      notifyAll();
    }
    notifyAll();
  }

  /** True when nothing is queued or being processed (delayed re-adds do not count). */
  public synchronized boolean isIdle() {
    return queued.isEmpty() && processing.isEmpty();
  }

  public synchronized void shutdown() {
    shutdown = true;
    delays.shutdownNow();
    notifyAll();
  }
}
