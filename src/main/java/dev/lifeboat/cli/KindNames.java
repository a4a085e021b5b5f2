package dev.lifeboat.cli;

import dev.lifeboat.kind.Kind;
import dev.lifeboat.kinds.Kinds;
import java.util.Iterator;
import picocli.CommandLine.Model.CommandSpec;

/** The resource type names {@code get} accepts (kinds.Kinds: plurals, singulars, short names), or a usage error. */
public final class KindNames implements Iterable<String> {
  public static Kind<?> find(String name) {
    return Kinds.named(name).orElseThrow(() -> UserException.usage("unknown resource type \"" + name
        + "\": use one of " + String.join(", ", Kinds.plurals())));
  }

  /** The kind of a {@code <kind> get|logs|delete} command: its parent command's ("backup", "hibernate"). */
  static Kind<?> ofParent(CommandSpec spec) {
    String parent = spec.parent().name();
    return Kinds.named(parent).orElseThrow(() -> new IllegalStateException("no kind is called " + parent));
  }

  /** For completion candidates. */
  @Override
  public Iterator<String> iterator() {
    return Kinds.plurals().iterator();
  }
}
