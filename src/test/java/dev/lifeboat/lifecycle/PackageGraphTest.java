package dev.lifeboat.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.engine.ActionApplier;
import dev.lifeboat.kinds.Kinds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shapes that must not come back: a cycle between packages (engine and hibernate once imported
 * each other; the generic engine named every kind), a kind listed outside kinds/, and an Action
 * type the applier does not carry out.
 */
class PackageGraphTest {
  private static final Path MAIN = Path.of(System.getProperty("lifeboat.repoRoot", "."), "src/main/java");
  private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.lifeboat\\.((?:[a-z]\\w*\\.)*[a-z]\\w*)\\.[A-Z]");
  /** The command-line tree is one unit: the root registers its subcommands, they extend its base classes. */
  private static final String CLI = "cli";

  /** Package → the packages its sources name (imports and fully qualified names). */
  private static Map<String, Set<String>> graph() throws IOException {
    Map<String, Set<String>> edges = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN.resolve("dev/lifeboat"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String pkg = unit(MAIN.relativize(file.getParent()).toString().replace('/', '.').replace("dev.lifeboat.", ""));
        Matcher m = REFERENCE.matcher(Files.readString(file));
        while (m.find()) {
          String target = unit(m.group(1));
          if (!target.equals(pkg)) {
            edges.computeIfAbsent(pkg, k -> new TreeSet<>()).add(target);
          }
        }
        edges.computeIfAbsent(pkg, k -> new TreeSet<>());
      }
    }
    return edges;
  }

  private static String unit(String pkg) {
    return pkg.equals(CLI) || pkg.startsWith(CLI + ".") ? CLI : pkg;
  }

  @Test
  void noTwoPackagesDependOnEachOther() throws IOException {
    Map<String, Set<String>> edges = graph();
    List<String> cycles = new ArrayList<>();
    for (String from : edges.keySet()) {
      for (String to : edges.get(from)) {
        List<String> back = path(edges, to, from);
        if (back != null) {
          cycles.add(from + " -> " + String.join(" -> ", back));
        }
      }
    }
    assertTrue(cycles.isEmpty(), "package cycles: " + cycles);
  }

  @Test
  void theGenericEngineAndTheClusterInterfacesNameNoKindPackage() throws IOException {
    Map<String, Set<String>> edges = graph();
    for (String layer : List.of("engine", "cluster")) {
      Set<String> wrong = edges.get(layer).stream()
          .filter(p -> p.equals("kinds") || p.startsWith("kinds.") || p.equals("hibernate") || p.equals("cli"))
          .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(Set.of(), wrong, layer + " must not depend on " + wrong);
    }
  }

  @Test
  void theApplierCarriesOutEveryActionType() {
    ActionApplier applier = new ActionApplier(null, null, Kinds.reconcilers());
    Set<Class<?>> permitted = Set.of(dev.lifeboat.lifecycle.Action.class.getPermittedSubclasses());
    assertEquals(permitted, Set.copyOf(applier.handledTypes()));
  }

  @Test
  void kindsAreListedOnlyInKinds() throws IOException {
    // The lists that used to repeat the kinds: the plurals side by side, or the five classes in one List.of.
    Pattern list = Pattern.compile("\"repositories\",\\s*\"backups\"|\"backups\",\\s*\"restores\"|"
        + "List\\.of\\((Repository|Backup|Restore|Schedule|HibernatePlan)\\.class,\\s*(Repository|Backup|Restore|Schedule|HibernatePlan)\\.class");
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN.resolve("dev/lifeboat"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        if (list.matcher(Files.readString(file)).find() && !file.toString().contains("/kinds/")) {
          found.add(MAIN.relativize(file).toString());
        }
      }
    }
    assertEquals(List.of(), found, "kinds are listed in kinds/Kinds.java only");
  }

  /** A path from {@code from} to {@code to}, or null. */
  private static List<String> path(Map<String, Set<String>> edges, String from, String to) {
    Map<String, String> parent = new HashMap<>();
    Deque<String> todo = new ArrayDeque<>(List.of(from));
    parent.put(from, null);
    while (!todo.isEmpty()) {
      String at = todo.poll();
      if (at.equals(to)) {
        List<String> route = new ArrayList<>();
        for (String p = at; p != null; p = parent.get(p)) {
          route.add(0, p);
        }
        return route;
      }
      for (String next : edges.getOrDefault(at, Set.of())) {
        if (!parent.containsKey(next)) {
          parent.put(next, at);
          todo.add(next);
        }
      }
    }
    return null;
  }

  @Test
  void theGraphIsRead() throws IOException {
    assertTrue(graph().get("engine").contains("cluster"), "the graph reader finds imports: " + graph().get("engine"));
    assertTrue(Arrays.asList(Kinds.plurals().toArray()).contains("backups"));
  }
}
