package dev.lifeboat.engine;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
  private boolean shutdown;

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

  public void addAfter(K key, Duration delay) {
    if (!delays.isShutdown()) {
      delays.schedule(() -> add(key), delay.toMillis(), TimeUnit.MILLISECONDS);
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
