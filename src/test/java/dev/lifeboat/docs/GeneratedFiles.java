package dev.lifeboat.docs;

import dev.lifeboat.cli.CommandTree;
import dev.lifeboat.cli.LifeboatCommand;
import dev.lifeboat.install.Crds;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes the files the repository keeps generated: CRD YAML ({@code deploy/crds/}), bash and zsh
 * completion ({@code completions/}), and AsciiDoc man page sources ({@code man/}, one per command,
 * from the picocli model). {@code scripts/generate.sh} runs it and turns the AsciiDoc into man pages;
 * {@link GeneratedFilesTest} fails when a committed file is stale.
 */
public final class GeneratedFiles {
  private GeneratedFiles() {}

  /** Relative path → content of every generated file. */
  public static Map<String, String> render(Path scratch) throws IOException {
    Map<String, String> files = new TreeMap<>();
    for (CustomResourceDefinition crd : Crds.all()) {
      files.put("deploy/crds/" + crd.getMetadata().getName() + ".yaml", Crds.yaml(crd));
    }
    CommandLine cli = CommandTree.full(new LifeboatCommand());
    String bash = withNameCompletion(AutoComplete.bash("lifeboat", cli));
    files.put("completions/lifeboat.bash", bash);
    files.put("completions/_lifeboat", "#compdef lifeboat\n# zsh completion for lifeboat (bash completion through bashcompinit)\n"
        + "autoload -U +X bashcompinit && bashcompinit\n" + bash.replaceFirst("^#!/usr/bin/env bash\\n", ""));
    Path manDir = scratch.resolve("man");
    Files.createDirectories(manDir);
    int code = ManPageGenerator.generateManPage(manDir.toFile(), null, new boolean[0], true, cli.getCommandSpec());
    if (code != 0) {
      throw new IOException("man page generation failed with " + code);
    }
    try (var list = Files.list(manDir)) {
      for (Path page : list.sorted().toList()) {
        files.put("man/" + page.getFileName(), Files.readString(page));
      }
    }
    return files;
  }

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : ".");
    Path scratch = Files.createTempDirectory("lifeboat-gen");
    for (String dir : new String[] {"deploy/crds", "completions"}) {
      Files.createDirectories(root.resolve(dir));
    }
    try (var old = Files.list(Files.createDirectories(root.resolve("man")))) {
      for (Path p : old.filter(p -> p.toString().endsWith(".adoc")).toList()) {
        Files.delete(p);
      }
    }
    for (Map.Entry<String, String> file : render(scratch).entrySet()) {
      Files.writeString(root.resolve(file.getKey()), file.getValue());
    }
    System.out.println("generated CRDs, completions and man page sources under " + root.toAbsolutePath());
  }

  /** Commands whose NAME is an object of a kind: TAB lists them ({@code lifeboat __complete KIND}). */
  private static final Map<String, String> NAME_OF_KIND = Map.ofEntries(
      Map.entry("backup_describe", "backups"), Map.entry("backup_delete", "backups"), Map.entry("backup_logs", "backups"),
      Map.entry("restore_describe", "restores"), Map.entry("restore_delete", "restores"),
      Map.entry("restore_logs", "restores"),
      Map.entry("repository_describe", "repositories"), Map.entry("repository_delete", "repositories"),
      Map.entry("repository_check", "repositories"), Map.entry("repository_prune", "repositories"),
      Map.entry("repository_verify", "repositories"), Map.entry("repository_unlock", "repositories"),
      Map.entry("repository_snapshots", "repositories"), Map.entry("repository_import", "repositories"),
      Map.entry("schedule_describe", "schedules"), Map.entry("schedule_delete", "schedules"),
      Map.entry("schedule_suspend", "schedules"), Map.entry("schedule_resume", "schedules"),
      Map.entry("schedule_run", "schedules"),
      Map.entry("hibernate_describe", "hibernateplans"), Map.entry("hibernate_delete", "hibernateplans"),
      Map.entry("hibernate_now", "hibernateplans"), Map.entry("hibernate_wake", "hibernateplans"),
      Map.entry("hibernate_suspend", "hibernateplans"), Map.entry("hibernate_resume", "hibernateplans"));

  /**
   * picocli completes commands and flags; the names of objects come from the cluster: in the
   * functions of those commands, the positional candidates are what {@code lifeboat __complete}
   * lists (given the line's own --kubeconfig, --context and -n; nothing when the cluster is away).
   */
  static String withNameCompletion(String bash) {
    StringBuilder out = new StringBuilder();
    String kind = null;
    for (String line : bash.split("\n", -1)) {
      java.util.regex.Matcher function = java.util.regex.Pattern.compile("^function _picocli_lifeboat_([a-z_]+)\\(\\) \\{$")
          .matcher(line);
      if (function.matches()) {
        kind = NAME_OF_KIND.get(function.group(1));
      }
      if (kind != null && line.equals("    local positionals=\"\"")) {
        line = "    local positionals=$(lifeboat __complete " + kind + " -- \"${COMP_WORDS[@]}\" 2>/dev/null)";
        kind = null;
      }
      out.append(line).append('\n');
    }
    return out.substring(0, out.length() - 1);
  }
}
