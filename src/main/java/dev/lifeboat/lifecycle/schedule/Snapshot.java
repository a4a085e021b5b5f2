package dev.lifeboat.lifecycle.schedule;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * What retention needs of a snapshot. {@code time} keeps the snapshot's own UTC offset: restic
 * puts snapshots into hours, days and weeks in the time zone each was taken in.
 *
 * @param source what this snapshot stands for (restic's JSON object, a Backup): carried through, never read
 */
public record Snapshot(String id, OffsetDateTime time, String host, List<String> paths, List<String> tags, Object source) {
  public Snapshot {
    paths = paths == null ? List.of() : List.copyOf(paths);
    tags = tags == null ? List.of() : List.copyOf(tags);
    host = host == null ? "" : host;
  }

  /** restic's HasTags: every tag of the list is present; the empty tag matches an untagged snapshot. */
  public boolean hasTags(List<String> required) {
    for (String tag : required) {
      if (tag.isEmpty() ? !tags.isEmpty() : !tags.contains(tag)) {
        return false;
      }
    }
    return true;
  }
}
