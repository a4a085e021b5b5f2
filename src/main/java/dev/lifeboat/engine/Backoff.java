package dev.lifeboat.engine;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Per-key exponential backoff with jitter, as operator frameworks retry a failed reconcile: the
 * first failure waits {@link #FIRST}, each further one twice as long, never more than {@link #MOST};
 * a success forgets the key. The jitter (up to 20% off each wait) keeps keys that failed together
 * (an API outage) from all coming back in the same instant, the capped ones too.
 */
public final class Backoff<K> {
  public static final Duration FIRST = Duration.ofSeconds(1);
  public static final Duration MOST = Duration.ofMinutes(5);
  private static final double JITTER = 0.2;

  private final Map<K, Integer> failures = new ConcurrentHashMap<>();
  private final DoubleSupplier random;

  /** @param random a source of numbers in [0, 1) (a fixed one in tests) */
  public Backoff(DoubleSupplier random) {
    this.random = random;
  }

  public Backoff() {
    this(() -> ThreadLocalRandom.current().nextDouble());
  }

  /** Counts one more failure of {@code key} and says how long to wait before trying it again. */
  public Duration failed(K key) {
    int n = failures.merge(key, 1, Integer::sum);
    return delay(n);
  }

  /** The key worked: its next failure starts again at {@link #FIRST}. */
  public void succeeded(K key) {
    failures.remove(key);
  }

  /** Failures of {@code key} since its last success. */
  public int failures(K key) {
    return failures.getOrDefault(key, 0);
  }

  /** The wait after the {@code n}-th failure in a row (n ≥ 1): 1 s, 2 s, 4 s … 5 min, each up to 20% less. */
  Duration delay(int n) {
    long base = n > 20 ? MOST.toMillis() : Math.min(MOST.toMillis(), FIRST.toMillis() << (n - 1));
    return Duration.ofMillis(base - (long) (base * JITTER * random.getAsDouble()));
  }
}
