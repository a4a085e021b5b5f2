package dev.lifeboat.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Committed generated files must match what the current code generates. */
class GeneratedFilesTest {
  private static final Path ROOT = Path.of(System.getProperty("lifeboat.repoRoot", "."));

  @TempDir
  Path scratch;

  @Test
  void committedGeneratedFilesAreCurrent() throws Exception {
    Map<String, String> expected = GeneratedFiles.render(scratch);
    List<String> stale = new ArrayList<>();
    for (Map.Entry<String, String> file : expected.entrySet()) {
      Path committed = ROOT.resolve(file.getKey());
      if (!Files.exists(committed) || !Files.readString(committed).equals(file.getValue())) {
        stale.add(file.getKey());
      }
    }
    try (var man = Files.list(ROOT.resolve("man"))) {
      man.filter(p -> p.toString().endsWith(".adoc"))
          .map(p -> "man/" + p.getFileName())
          .filter(p -> !expected.containsKey(p))
          .forEach(p -> stale.add(p + " (no such command any more)"));
    }
    assertTrue(stale.isEmpty(), "stale generated files: " + stale + "; run scripts/generate.sh and commit the result");
  }

  @Test
  void everyManPageSourceHasItsRoffPage() throws Exception {
    List<String> missing = new ArrayList<>();
    try (var man = Files.list(ROOT.resolve("man"))) {
      for (Path adoc : man.filter(p -> p.toString().endsWith(".adoc")).toList()) {
        String page = adoc.getFileName().toString().replace(".adoc", ".1");
        Path roff = ROOT.resolve("man/man1").resolve(page);
        if (!Files.exists(roff) || Files.getLastModifiedTime(roff).toMillis() == 0) {
          missing.add(page);
        }
      }
    }
    assertEquals(List.of(), missing, "run scripts/generate.sh to render the man pages");
  }

  @Test
  void crdsCarryPrinterColumnsInOrderShortNamesAndStatus() throws Exception {
    String backups = Files.readString(ROOT.resolve("deploy/crds/backups.lifeboat.dev.yaml"));
    assertTrue(backups.contains("shortNames"), backups);
    assertTrue(backups.indexOf("name: \"Phase\"") > 0, backups);
    assertTrue(backups.indexOf("name: \"Phase\"") < backups.indexOf("name: \"Age\""), "Phase before Age");
    assertTrue(backups.contains("status: {}"), "status subresource");
    assertTrue(backups.contains("required:"), "validation in the schema");
  }
}
