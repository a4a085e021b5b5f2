package dev.lifeboat.lifecycle.hibernate;

import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Save-or-preserve, rule by rule: which of the stored point and a new capture is kept. */
class RestorePointTest {
  @ParameterizedTest(name = "stored {0}/{1}, capture {2}/{3} -> {4}")
  @CsvSource({
      // stored live, stored cycle, capture live, capture cycle, kept
      "true,  c1, false, c2, stored",   // the seed's loss: a capture of targets already at 0 never replaces live data
      "true,  c1, false, c1, stored",
      "false, c1, true,  c1, capture",  // a live capture replaces data that was not live
      "false, c1, true,  c2, capture",
      "true,  c1, true,  c1, stored",   // equal quality, same cycle: the first write wins (a repeat after a crash)
      "false, c1, false, c1, stored",
      "true,  c1, true,  c2, capture",  // equal quality, newer cycle: the new capture
      "false, c1, false, c2, capture",
  })
  void saveOrPreserve(boolean storedLive, String storedCycle, boolean captureLive, String captureCycle, String kept) {
    RestorePoint stored = new RestorePoint(storedLive, "t1", storedCycle, "workloads", "{}");
    RestorePoint capture = new RestorePoint(captureLive, "t2", captureCycle, "workloads", "{}");
    assertSame(kept.equals("stored") ? stored : capture, RestorePoint.preferred(stored, capture));
  }

  @org.junit.jupiter.api.Test
  void nothingStoredTakesTheCapture() {
    RestorePoint capture = new RestorePoint(false, "t", "c", "workloads", "{}");
    assertSame(capture, RestorePoint.preferred(null, capture));
  }
}
