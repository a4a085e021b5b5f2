package dev.lifeboat.cli;

import dev.lifeboat.kind.Kind;
import dev.lifeboat.kinds.Kinds;
import java.util.Iterator;

/** The resource type names {@code get} accepts (kinds.Kinds: plurals, singulars, short names), or a usage error. */
public final class KindNames implements Iterable<String> {
  public static Kind<?> find(String name) {
    return Kinds.named(name).orElseThrow(() -> UserException.usage("unknown resource type \"" + name
        + "\": use one of " + String.join(", ", Kinds.plurals())));
  }

  /** For completion candidates. */
  @Override
  public Iterator<String> iterator() {
    return Kinds.plurals().iterator();
  }
}
