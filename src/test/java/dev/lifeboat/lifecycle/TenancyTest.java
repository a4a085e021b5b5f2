package dev.lifeboat.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenancyTest {
  private final Tenancy tenancy = new Tenancy("lifeboat-system", List.of("registry.example/db-tools/*",
      "mysql:8.4"));

  @Test
  void aCommandSourcesImageRunsWhereTheInstallationOrTheNamespaceAllowsIt() {
    String own = "ghcr.io/lifeboat-dev/lifeboat:1.0";
    assertTrue(tenancy.mayRun(own, own, "team-a", Map.of()), "lifeboat's own image anywhere");
    assertTrue(tenancy.mayRun("registry.example/db-tools/pg:16", own, "team-a", Map.of()), "an allowed prefix");
    assertTrue(tenancy.mayRun("mysql:8.4", own, "team-a", Map.of()), "an allowed image");
    assertFalse(tenancy.mayRun("mysql:8.4-evil", own, "team-a", Map.of()), "exact means exact");
    assertFalse(tenancy.mayRun("registry.example/db-toolsX/pg", own, "team-a", Map.of()));
    assertFalse(tenancy.mayRun("evil.example/steal:1", own, "team-a", Map.of("lifeboat.dev/custom-images", "yes")));
    assertTrue(tenancy.mayRun("evil.example/steal:1", own, "team-a", Map.of(Tenancy.CUSTOM_IMAGES, "true")),
        "a namespace the platform team opted in");
    assertTrue(tenancy.mayRun("evil.example/steal:1", own, "lifeboat-system", Map.of()), "lifeboat's own namespace");
  }

  @Test
  void onlyLifeboatsNamespaceSeesEveryNamespacesSnapshots() {
    assertEquals("team-a", tenancy.snapshotHost("team-a", null));
    assertEquals("team-a", tenancy.snapshotHost("team-a", true), "asking is not enough");
    assertNull(tenancy.snapshotHost("lifeboat-system", true));
    assertEquals("lifeboat-system", tenancy.snapshotHost("lifeboat-system", null));
    assertNull(tenancy.allNamespacesProblem("lifeboat-system", true));
    assertTrue(tenancy.allNamespacesProblem("team-a", true).startsWith("spec.allNamespaces: only objects in lifeboat's"
        + " own namespace lifeboat-system may see every namespace's snapshots"));
  }
}
