package dev.lifeboat.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.api.BackupProgress;
import dev.lifeboat.api.BackupSummary;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parses restic's {@code --json} lines (see restic's doc/075_scripting.rst). */
public final class ResticOutput {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ResticOutput() {}

  /** One line of {@code restic backup --json}: a status, the summary, or something else (null). */
  public sealed interface BackupLine permits Status, Summary {}

  public record Status(BackupProgress progress) implements BackupLine {}

  /** @param snapshotId the short (8 hex) ID restic 0.14 prints in its summary */
  public record Summary(BackupSummary summary, String snapshotId) implements BackupLine {}

  public static BackupLine parseBackupLine(String line) {
    if (line == null || !line.startsWith("{")) {
      return null;
    }
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      return null;
    }
    String type = node.path("message_type").asText();
    if ("status".equals(type)) {
      BackupProgress p = new BackupProgress();
      p.percentDone = node.path("percent_done").asDouble(0);
      p.bytesDone = node.path("bytes_done").asLong(0);
      p.totalBytes = node.path("total_bytes").asLong(0);
      p.filesDone = node.path("files_done").asLong(0);
      p.totalFiles = node.path("total_files").asLong(0);
      p.secondsElapsed = node.path("seconds_elapsed").asLong(0);
      return new Status(p);
    }
    if ("summary".equals(type)) {
      BackupSummary s = new BackupSummary();
      s.filesNew = node.path("files_new").asLong();
      s.filesChanged = node.path("files_changed").asLong();
      s.filesUnmodified = node.path("files_unmodified").asLong();
      s.totalFilesProcessed = node.path("total_files_processed").asLong();
      s.totalBytesProcessed = node.path("total_bytes_processed").asLong();
      s.dataAdded = node.path("data_added").asLong();
      s.durationSeconds = node.path("total_duration").asDouble();
      return new Summary(s, node.path("snapshot_id").asText(null));
    }
    return null;
  }

  /**
   * What {@code restic backup} could not read: how many items (a file, or a folder it could not list, whose contents
   * it never saw) and the first {@link #UNREADABLE_NAMED} of them, relative to the backup's folder.
   */
  public record Unreadable(long count, List<String> first) {
    public static final Unreadable NONE = new Unreadable(0, List.of());
  }

  /** How many unreadable items a report names (the termination message is small). */
  public static final int UNREADABLE_NAMED = 5;
  private static final int NAME_CHARS = 200;

  /**
   * Counts restic's JSON error lines ({@code {"message_type":"error","during":"archival","item":"pg"}}) on stderr. The
   * same folder is reported again while scanning ({@code during: scan}, by its absolute path): only archival counts.
   */
  static final class UnreadableCollector {
    private long count;
    private final List<String> first = new ArrayList<>();

    synchronized void accept(String line) {
      if (line == null || !line.startsWith("{") || !line.contains("\"message_type\":\"error\"")) {
        return;
      }
      try {
        JsonNode node = JSON.readTree(line);
        if (!"archival".equals(node.path("during").asText())) {
          return;
        }
        count++;
        String item = node.path("item").asText("?");
        if (first.size() < UNREADABLE_NAMED) {
          first.add(item.length() > NAME_CHARS ? item.substring(0, NAME_CHARS) + "…" : item);
        }
      } catch (JsonProcessingException e) {
        // not one of restic's messages
      }
    }

    synchronized Unreadable result() {
      return count == 0 ? Unreadable.NONE : new Unreadable(count, List.copyOf(first));
    }
  }

  /**
   * restic retries a backend read that failed, with backoff, for many minutes, even when the file is
   * simply gone. A pack or index file that does not exist will not appear by waiting: the first such
   * retry ends the command with restic's own words, so a damaged repository fails in seconds.
   */
  static String missingData(String stderrLine) {
    if (!stderrLine.contains("returned error, retrying after")) {
      return null;
    }
    String lower = stderrLine.toLowerCase(Locale.ROOT);
    if (!(lower.contains("no such file or directory") || lower.contains("does not exist")
        || lower.contains("nosuchkey") || lower.contains("404 not found") || lower.contains("object not found"))) {
      return null;
    }
    int start = stderrLine.indexOf("<");
    int end = stderrLine.indexOf(">", start + 1);
    String file = start >= 0 && end > start ? stderrLine.substring(start + 1, end) : "a file";
    return "the repository is damaged: " + file + " is missing (restic: "
        + stderrLine.substring(stderrLine.indexOf("retrying after")).replaceFirst("retrying after [^:]*: ", "")
        + "); run 'restic check' on it, and restore from another snapshot or a copy of the repository";
  }
  /** The IDs in a {@code restic snapshots --json} answer, newest last as restic lists them. */
  public static List<String> snapshotIds(String json) throws JsonProcessingException {
    JsonNode array = JSON.readTree(json);
    List<String> ids = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(n -> ids.add(n.path("id").asText()));
    }
    return ids;
  }
}
