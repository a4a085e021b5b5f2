package dev.lifeboat.lifecycle;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The build's guard on the pure layer: lifecycle/ may name (import, or write out in full) only
 * java.*, lifeboat's api/ and lifecycle/, fabric8's model (io.fabric8.kubernetes.api.model) and
 * Jackson's annotations (they shape JSON, and do nothing); and it never reads a clock.
 */
class LayeringTest {
  private static final Path LIFECYCLE = Path.of(System.getProperty("lifeboat.repoRoot", "."),
      "src/main/java/dev/lifeboat/lifecycle");
  private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);
  private static final List<String> ALLOWED = List.of("java.", "dev.lifeboat.api.", "dev.lifeboat.lifecycle.",
      "io.fabric8.kubernetes.api.model.", "com.fasterxml.jackson.annotation.");
  /** A name written out in full in the code: an import in disguise (one such slipped past the import check). */
  private static final Pattern QUALIFIED = Pattern.compile(
      "(?<![\\w.\"])((?:javax?|dev|io|com|org|software|picocli)(?:\\.[a-z_]\\w*)+\\.[A-Z]\\w*)");
  private static final List<String> FORBIDDEN_CALLS = List.of("Instant.now(", "System.currentTimeMillis(",
      "LocalDateTime.now(", "Clock.system", "System.nanoTime(", "new java.io.File", "Files.", "Thread.sleep(");

  @Test
  void lifecycleImportsOnlyThePureLayers() throws IOException {
    List<String> problems = new ArrayList<>();
    try (Stream<Path> files = Files.walk(LIFECYCLE)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String source = Files.readString(file);
        Matcher m = IMPORT.matcher(source);
        while (m.find()) {
          String imported = m.group(2);
          if (ALLOWED.stream().noneMatch(imported::startsWith)) {
            problems.add(file.getFileName() + " imports " + imported);
          }
        }
        Matcher qualified = QUALIFIED.matcher(IMPORT.matcher(source).replaceAll(""));
        while (qualified.find()) {
          String named = qualified.group(1);
          if (ALLOWED.stream().noneMatch(named::startsWith) && !named.startsWith("java.")) {
            problems.add(file.getFileName() + " names " + named);
          }
        }
        for (String call : FORBIDDEN_CALLS) {
          if (source.contains(call)) {
            problems.add(file.getFileName() + " calls " + call);
          }
        }
      }
    }
    assertTrue(Files.isDirectory(LIFECYCLE), "lifecycle sources not found at " + LIFECYCLE);
    assertTrue(problems.isEmpty(), "lifecycle/ must stay pure: " + problems);
  }
}
