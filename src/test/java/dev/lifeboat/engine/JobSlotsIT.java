package dev.lifeboat.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.bench.ConcurrencyBench;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrency limits end to end (sandbox, controller, backup pods of 300 ms): 14 Backups due at once under an
 * install-wide limit of 4, and 5 of a Repository whose own limit is 2. Never more Jobs than the limits, all Ready,
 * the waiting ones say why, and slots go to the longest waiting first.
 */
class JobSlotsIT {
  @Test
  void backupsWaitForSlotsInTheOrderTheyQueued(@TempDir Path tmp) throws Exception {
    ConcurrencyBench.Result r = ConcurrencyBench.run(tmp, 14, 4, 5, 2, 300, Duration.ofMinutes(3));
    assertEquals(19, r.ready(), "every Backup Ready: " + r);
    assertTrue(r.peak() <= 4 && r.peak() >= 2, "install-wide peak " + r.peak() + " (limit 4)");
    assertTrue(r.peakOfLimitedRepository() <= 2 && r.peakOfLimitedRepository() >= 1,
        "the limited Repository's peak " + r.peakOfLimitedRepository() + " (its limit 2)");
    assertTrue(r.waitingMessages().stream().anyMatch(m -> m.equals("waiting: 4 of 4 slots busy install-wide")),
        r.waitingMessages().toString());
    assertTrue(r.waitingMessages().stream().anyMatch(m -> m.contains("for Repository limited")), r.waitingMessages().toString());
    // A Backup jumps at most the few places a slot release lets it (the limit): the queue is kept, none starves.
    assertTrue(r.outOfOrder() <= 4, "slots go to the longest waiting first: " + r);
  }
}
