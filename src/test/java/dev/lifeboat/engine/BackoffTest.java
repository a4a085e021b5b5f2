package dev.lifeboat.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.cluster.ResourceKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void eachFailureDoublesTheWaitUpToFiveMinutesAndASuccessStartsOver() {
    Backoff<String> backoff = new Backoff<>(() -> 0.0);
    List<Long> seconds = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      seconds.add(backoff.failed("a").toSeconds());
    }
    assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 300L, 300L, 300L), seconds);
    assertEquals(Duration.ofSeconds(1), backoff.failed("b"), "each key counts its own failures");
    backoff.succeeded("a");
    assertEquals(0, backoff.failures("a"));
    assertEquals(Duration.ofSeconds(1), backoff.failed("a"));
    for (int i = 0; i < 1000; i++) {
      backoff.failed("c");
    }
    assertEquals(Backoff.MOST, backoff.failed("c"), "no overflow after many failures");
  }

  @Test
  void theJitterTakesUpToAFifthOff() {
    Backoff<String> high = new Backoff<>(() -> 0.5);
    assertEquals(Duration.ofMillis(900), high.failed("a"));
    assertEquals(Duration.ofMillis(1800), high.failed("a"));
    assertEquals(Duration.ofSeconds(270), high.delay(30), "capped waits are spread too");
  }

  /** The controller's workers use it so: each failure of a key waits longer, a success starts over. */
  @Test
  void theControllerResetsAKeysBackoffWhenItsReconcileWorks() {
    WatchController controller = new WatchController(null, null, null, null, null, null, 1);
    ResourceKey key = new ResourceKey("Backup", "ns", "b1");
    Duration first = controller.failed(key);
    Duration second = controller.failed(key);
    assertTrue(second.compareTo(first) > 0, first + " then " + second);
    controller.succeeded(key, Optional.empty());
    assertTrue(controller.failed(key).compareTo(Duration.ofSeconds(1)) <= 0, "back to the first wait after a success");
    controller.close();
  }
}
