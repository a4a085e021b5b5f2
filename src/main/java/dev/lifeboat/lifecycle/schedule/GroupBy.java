package dev.lifeboat.lifecycle.schedule;

import java.util.ArrayList;
import java.util.List;

/** restic's {@code --group-by}: which of host, paths and tags make two snapshots belong to one group. */
public record GroupBy(boolean host, boolean paths, boolean tags) {
  public static final GroupBy DEFAULT = new GroupBy(true, true, false);

  /** @param text a comma-separated subset of host, paths, tags; empty for one group of everything */
  public static GroupBy parse(String text) {
    boolean host = false;
    boolean paths = false;
    boolean tags = false;
    if (text != null && !text.isBlank()) {
      for (String part : text.split(",")) {
        switch (part.trim()) {
          case "host" -> host = true;
          case "paths" -> paths = true;
          case "tags" -> tags = true;
          default -> throw new IllegalArgumentException("unknown group-by field '" + part.trim()
              + "': use a comma-separated list of host, paths, tags (or '' for no grouping)");
        }
      }
    }
    return new GroupBy(host, paths, tags);
  }

  /** The group a snapshot belongs to: the fields grouped by, paths and tags sorted; null where not grouped. */
  public Key keyOf(Snapshot s) {
    return new Key(host ? s.host() : "", paths ? sorted(s.paths()) : null, tags ? sorted(s.tags()) : null);
  }

  /** restic prints an empty list of the key as null. */
  private static List<String> sorted(List<String> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<String> copy = new ArrayList<>(values);
    copy.sort(null);
    return List.copyOf(copy);
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    if (host) parts.add("host");
    if (paths) parts.add("paths");
    if (tags) parts.add("tags");
    return String.join(",", parts);
  }

  /** A group's identity, as restic prints it: host "" and paths/tags null when not grouped by them. */
  public record Key(String host, List<String> paths, List<String> tags) {}
}
