package dev.lifeboat.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.io.IOException;

/**
 * A Job pod's log as a person reads it. restic's {@code --json} lines become sentences (errors with the file they
 * are about, the summary with its counts; progress lines are left out), the manager's closing {@code result: {...}}
 * line becomes "result: failed: why"; anything else (restic's and the tools' own words) is kept as it is.
 */
public final class JobLogText {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JobLogText() {}

  public static String readable(String raw) {
    if (raw == null || raw.isEmpty()) {
      return "";
    }
    List<String> lines = new ArrayList<>();
    for (String line : raw.split("\n", -1)) {
      String shown = line.startsWith("{") ? restic(line) : line.startsWith("result: {") ? result(line) : line;
      if (shown != null) {
        lines.add(shown);
      }
    }
    return String.join("\n", lines);
  }

  /** A restic JSON line: null for progress, a sentence for errors and the summary, the line itself otherwise. */
  private static String restic(String line) {
    JsonNode node = parse(line);
    if (node == null || !node.has("message_type")) {
      return line;
    }
    return switch (node.path("message_type").asText()) {
      case "status", "verbose_status" -> null;
      case "error" -> {
        JsonNode error = node.path("error");
        String what = error.isTextual() ? error.asText() : error.has("Err") && error.path("Err").asInt() == 13
            ? "permission denied" : error.path("Op").asText("error") + " failed (" + error.toString() + ")";
        String item = node.path("item").asText("");
        yield "restic error" + (node.has("during") ? " during " + node.path("during").asText() : "") + ": "
            + (item.isEmpty() ? "" : item + ": ") + what;
      }
      case "summary" -> "restic summary: " + node.path("total_files_processed").asLong() + " files ("
          + node.path("files_new").asLong() + " new, " + node.path("files_changed").asLong() + " changed), "
          + Ages.bytes(node.path("total_bytes_processed").asLong()) + " read, "
          + Ages.bytes(node.path("data_added").asLong()) + " added"
          + (node.has("snapshot_id") ? ", snapshot " + node.path("snapshot_id").asText() : "");
      default -> line;
    };
  }

  private static String result(String line) {
    JsonNode node = parse(line.substring("result: ".length()));
    if (node == null) {
      return line;
    }
    return "result: " + (node.path("ok").asBoolean() ? "ok" : "failed") + ": " + node.path("message").asText("");
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }
}
