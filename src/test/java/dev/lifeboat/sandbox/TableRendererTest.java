package dev.lifeboat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The sandbox's date cells are what a real API server writes (so a future time is no quiet "0s"). */
class TableRendererTest {
  @Test
  void dateCellsAreAgesAndFutureTimesInvalid() {
    Instant now = Instant.parse("2026-12-02T05:59:00Z");
    assertEquals("<invalid>", TableRenderer.humanDate("2026-12-02T06:00:00Z", now));
    assertEquals("60s", TableRenderer.humanDate("2026-12-02T05:58:00Z", now));
    assertEquals("<unknown>", TableRenderer.humanDate("soon", now));
  }
}
