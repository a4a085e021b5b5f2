package dev.lifeboat.lifecycle.repository;

import java.util.List;

/** One snapshot as {@code restic snapshots --json} lists it (the fields lifeboat uses). */
public record SnapshotInfo(String id, String time, String hostname, List<String> paths, List<String> tags) {
  public SnapshotInfo {
    paths = paths == null ? List.of() : List.copyOf(paths);
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** The value of the first {@code key=value} tag, or null. */
  public String tag(String key) {
    String prefix = key + "=";
    return tags.stream().filter(t -> t.startsWith(prefix)).map(t -> t.substring(prefix.length())).findFirst()
        .orElse(null);
  }

  /**
   * The application whose stream the snapshot holds (its {@code source=KIND} tag: postgres, openbao, tidb, command),
   * or null for a claim's tree of files. lifeboat tags every stream it makes so.
   */
  public String streamKind() {
    return tag("source");
  }

  public String shortId() {
    return id.length() <= 8 ? id : id.substring(0, 8);
  }

  /** Whether {@code snapshotId} (full, or a prefix as Backups may hold) names this snapshot. */
  public boolean matches(String snapshotId) {
    return snapshotId != null && snapshotId.length() >= 8 && id.startsWith(snapshotId);
  }
}
