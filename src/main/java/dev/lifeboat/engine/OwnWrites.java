package dev.lifeboat.engine;

import dev.lifeboat.cluster.ResourceKey;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Read-your-own-writes over an informer cache. For each object the engine wrote (a status, a lock
 * Lease, the restore data ConfigMap, a workload's replicas) it remembers the resourceVersion the
 * write replaced, or that it created the object. A cached copy still showing that version (or
 * still missing the created object) has not seen the write yet: deciding on it would undo the
 * write or repeat it. The watch event of the write is usually milliseconds away, so the engine
 * waits for it ({@link Freshness#STALE_WAIT}); only when it is {@link #GRACE} overdue (a watch cut)
 * is the object read from the server ({@link Freshness#STALE_READ}). This is what lets every
 * decision read the cache and nothing else.
 */
public final class OwnWrites {
  /** How long the watch event of our own write may take before the engine reads the object live. */
  static final Duration GRACE = Duration.ofSeconds(1);

  /** What a cached copy is worth to a decision. */
  enum Freshness {
    CURRENT,
    /** Our write's watch event is on its way (and queues the key again): wait for it, read nothing. */
    STALE_WAIT,
    /** The event is overdue: read the object from the server. */
    STALE_READ
  }

  /** The version our write replaced (null: we created the object), and when (on {@link #nanoTime}). */
  private record Replaced(String version, long atNanos) {}

  private final Map<ResourceKey, Replaced> replaced = new ConcurrentHashMap<>();
  private final LongSupplier nanoTime;

  OwnWrites() {
    this(System::nanoTime);
  }

  /** @param nanoTime the monotonic clock the grace is measured on (tests pass their own) */
  OwnWrites(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** Our write just replaced {@code before} (null: created the object {@code key} names). */
  public void wrote(ResourceKey key, HasMetadata before) {
    wrote(key, before == null ? null : String.valueOf(before.getMetadata().getResourceVersion()));
  }

  /** Our write just replaced version {@code before} of the object {@code key} names. */
  public void wrote(ResourceKey key, String before) {
    replaced.put(key, new Replaced(before, nanoTime.getAsLong()));
  }

  public Freshness of(ResourceKey key, HasMetadata cached) {
    Replaced old = replaced.get(key);
    if (old == null) {
      return Freshness.CURRENT;
    }
    boolean behind = old.version() == null ? cached == null
        : cached != null && old.version().equals(cached.getMetadata().getResourceVersion());
    if (behind) {
      return nanoTime.getAsLong() - old.atNanos() < GRACE.toNanos() ? Freshness.STALE_WAIT : Freshness.STALE_READ;
    }
    replaced.remove(key, old); // the cache caught up
    return Freshness.CURRENT;
  }
}
