package dev.lifeboat.cli.hibernate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.schedule.LabelSelectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The targets of {@code hibernate create}: {@code --workloads|--cronjobs|--nodepools} take a label
 * selector ({@code tier=web}) or comma-separated refs ({@code deployment/web,statefulset/db});
 * {@code --target FILE.yaml} one target (or a list) as in the spec.
 */
final class TargetArguments {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private TargetArguments() {}

  /** A selector when it reads like one (=, !=, in, notin, !key: anything with =, ! or a space), else refs. */
  static HibernateTarget of(String type, String flag, String value, List<HibernateTarget> sofar) {
    if (value == null || value.isBlank()) {
      throw UserException.usage(flag + ": give a label selector (app=web) or names (" + example(type) + ")");
    }
    HibernateTarget t = new HibernateTarget(uniqueName(type, sofar), type);
    if (value.matches(".*[=!\\s].*")) { // refs never hold these; selectors (a=b, a!=b, a in (x), !a) do
      try {
        LabelSelectors.parse(value);
      } catch (IllegalArgumentException e) {
        throw UserException.usage(flag + ": " + e.getMessage());
      }
      t.selector = value;
    } else {
      for (String ref : value.split(",")) {
        if (!ref.isBlank()) {
          t.refs.add(ref.trim());
        }
      }
    }
    return t;
  }

  static List<HibernateTarget> fromFile(String file) {
    Path path = Path.of(file);
    if (!Files.isReadable(path)) {
      throw UserException.usage("--target: cannot read " + file + " (give a YAML file with name, type, selector or"
          + " refs, parameters)");
    }
    try {
      var tree = YAML.readTree(path.toFile());
      List<HibernateTarget> out = new ArrayList<>();
      if (tree != null && tree.isArray()) {
        for (var node : tree) {
          out.add(YAML.treeToValue(node, HibernateTarget.class));
        }
      } else if (tree != null && tree.isObject()) {
        out.add(YAML.treeToValue(tree, HibernateTarget.class));
      }
      if (out.isEmpty()) {
        throw UserException.usage("--target: " + file + " holds no target");
      }
      return out;
    } catch (IOException e) {
      throw UserException.usage("--target: " + file + " is not a target in YAML: " + e.getMessage().lines().findFirst()
          .orElse(""));
    }
  }

  private static String uniqueName(String type, List<HibernateTarget> sofar) {
    String name = type;
    for (int i = 2; taken(name, sofar); i++) {
      name = type + "-" + i;
    }
    return name;
  }

  private static boolean taken(String name, List<HibernateTarget> sofar) {
    return sofar.stream().anyMatch(t -> name.equals(t.name));
  }

  private static String example(String type) {
    return switch (type) {
      case "workloads" -> "deployment/web,statefulset/db";
      case "cronjobs" -> "report,cleanup";
      default -> "default,gpu";
    };
  }
}
