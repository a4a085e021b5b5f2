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
    // kubectl shows a date column as an age, a future one as <invalid>: times to come are strings.
    for (String crd : List.of("schedules", "hibernateplans")) {
      String text = Files.readString(ROOT.resolve("deploy/crds/" + crd + ".lifeboat.dev.yaml"));
      int next = text.indexOf("name: \"Next\"");
      assertTrue(next > 0 && text.substring(next, text.indexOf("type:", next) + 16).contains("type: \"string\""),
          crd + ": the Next column is a string");
    }
  }

  /**
   * The shipped roff pages are the committed sources rendered (dates aside): a changed command whose
   * .adoc was regenerated but whose man page was not fails here.
   */
  @Test
  void shippedManPagesAreTheirSourcesRendered() throws Exception {
    List<String> stale = new ArrayList<>();
    try (var man = Files.list(ROOT.resolve("man"))) {
      for (Path adoc : man.filter(p -> p.toString().endsWith(".adoc")).sorted().toList()) {
        Process p = new ProcessBuilder("timeout", "60", "asciidoctor", "-b", "manpage", "-o", "-", adoc.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String rendered = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0,
            "asciidoctor renders " + adoc + " (scripts/test.sh installs asciidoctor)");
        Path shipped = ROOT.resolve("man/man1").resolve(adoc.getFileName().toString().replace(".adoc", ".1"));
        if (!Files.exists(shipped) || !undated(Files.readString(shipped)).equals(undated(rendered))) {
          stale.add(shipped.getFileName().toString());
        }
      }
    }
    assertEquals(List.of(), stale, "man pages that differ from their sources: run scripts/generate.sh");
  }

  private static String undated(String roff) {
    return roff.replaceAll("\\d{4}-\\d{2}-\\d{2}", "DATE").stripTrailing(); // a file ends without a newline, stdout with one
  }

  /** The shipped bash completion really completes: subcommands and flags, run in a real bash. */
  @Test
  void shippedBashCompletionCompletesCommandsAndFlags() throws Exception {
    assertEquals(List.of("create"), complete("lifeboat", "backup", "cr"));
    assertEquals(List.of("--tidb", "--timeout"), complete("lifeboat", "backup", "create", "--ti"));
    assertEquals(List.of("--pg-user"), complete("lifeboat", "backup", "create", "--pg-u"));
    assertTrue(complete("lifeboat", "").containsAll(List.of("backup", "restore", "repository", "reconcile")));
    String zsh = Files.readString(ROOT.resolve("completions/_lifeboat"));
    assertTrue(zsh.startsWith("#compdef lifeboat") && zsh.contains("bashcompinit")
        && zsh.contains("function _complete_lifeboat()"), "the zsh file is the same completion through bashcompinit");
  }

  /**
   * TAB after {@code backup describe} lists the Backups of the line's namespace, asked of the cluster
   * through {@code lifeboat __complete}; an unreachable cluster gives no candidates (and no error).
   */
  @Test
  void namesCompleteFromTheCluster(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    try (dev.lifeboat.support.Harness h = new dev.lifeboat.support.Harness(tmp.resolve("sandbox"),
        dev.lifeboat.support.InstantPodExecutor.succeeding())) {
      Path kubeconfig = tmp.resolve("kubeconfig");
      h.server.writeKubeconfig(kubeconfig);
      dev.lifeboat.support.Objects.backup(h.client, "prod", "nightly-1", "repo", "data");
      dev.lifeboat.support.Objects.backup(h.client, "prod", "nightly-2", "repo", "data");
      dev.lifeboat.support.Objects.backup(h.client, "default", "elsewhere", "repo", "data");
      // 'lifeboat' on the PATH, as installed: this JVM's classes.
      Path bin = tmp.resolve("bin");
      Files.createDirectories(bin);
      Path shim = bin.resolve("lifeboat");
      Files.writeString(shim, "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
          + "' -XX:TieredStopAtLevel=1 -cp '" + System.getProperty("java.class.path") + "' dev.lifeboat.Main \"$@\"\n");
      shim.toFile().setExecutable(true);
      assertEquals(List.of("nightly-1", "nightly-2"), completeWithPath(bin, "lifeboat", "--kubeconfig",
          kubeconfig.toString(), "backup", "describe", "-n", "prod", "night"));
      assertEquals(List.of("elsewhere"), completeWithPath(bin, "lifeboat", "backup", "delete", "--kubeconfig",
          kubeconfig.toString(), ""));
      Path closed = tmp.resolve("closed-kubeconfig");
      Files.writeString(closed, Files.readString(kubeconfig).replaceAll("http://127\\.0\\.0\\.1:\\d+",
          "http://127.0.0.1:1"));
      assertEquals(List.of(), completeWithPath(bin, "lifeboat", "--kubeconfig", closed.toString(), "backup",
          "describe", ""), "an unreachable cluster: no candidates, no error");
    }
  }

  private static List<String> complete(String... words) throws Exception {
    return completeWithPath(null, words);
  }

  private static List<String> completeWithPath(Path bin, String... words) throws Exception {
    String line = String.join(" ", words);
    StringBuilder array = new StringBuilder();
    for (String w : words) {
      array.append('\'').append(w).append("' ");
    }
    String script = "source '" + ROOT.resolve("completions/lifeboat.bash") + "' 2>/dev/null; COMP_WORDS=(" + array
        + "); COMP_CWORD=" + (words.length - 1) + "; COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; "
        + "_complete_lifeboat 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"";
    ProcessBuilder builder = new ProcessBuilder("timeout", "30", "bash", "-c", script)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    if (bin != null) {
      builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    }
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "bash finished");
    return out.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
  }
}
