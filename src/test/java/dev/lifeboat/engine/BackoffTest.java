package dev.lifeboat.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
}
