package dev.lifeboat.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** restic prune's statistics ("remaining: 4 blobs / 196.087 KiB") read as bytes. */
class ResticMaintenanceTest {
  @Test
  void pruneSizesAreReadInBinaryUnits() {
    assertEquals(0, ResticMaintenance.size(" 0 B"));
    assertEquals(512, ResticMaintenance.size("512 B"));
    assertEquals(200_793, ResticMaintenance.size(" 196.087 KiB"));
    assertEquals(3_001_025, ResticMaintenance.size("2.862 MiB"));
    assertEquals(1_610_612_736L, ResticMaintenance.size("1.500 GiB"));
    assertEquals(0, ResticMaintenance.size("garbage"));
  }
}
