package dev.lifeboat.schedule;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.lifecycle.schedule.GroupBy;
import dev.lifeboat.lifecycle.schedule.RetentionPlan;
import dev.lifeboat.lifecycle.schedule.Snapshot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** restic's snapshot JSON ({@code restic snapshots --json}) in, {@code restic forget --json}'s shape out. */
public final class ResticSnapshots {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ResticSnapshots() {}

  /** @throws IllegalArgumentException naming the entry that is not a restic snapshot */
  public static List<Snapshot> parse(String json) {
    try {
      return parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The same from a stream, one snapshot at a time: 100,000 snapshots are ~40 MB of JSON, and a
   * String of it plus one tree of the whole array was most of {@code retention plan}'s time.
   *
   * @throws IllegalArgumentException naming the entry that is not a restic snapshot
   * @throws IOException when the stream cannot be read
   */
  public static List<Snapshot> parse(InputStream in) throws IOException {
    List<Snapshot> result = new ArrayList<>();
    try (JsonParser parser = JSON.getFactory().createParser(in)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw new IllegalArgumentException("expected a JSON array of snapshots, as 'restic snapshots --json' prints");
      }
      for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
        if (parser.currentToken() == null) {
          throw new IllegalArgumentException("not JSON: the array does not end");
        }
        result.add(snapshot(JSON.readTree(parser), i));
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    return result;
  }

  private static Snapshot snapshot(JsonNode s, int i) {
    String id = s.path("id").asText("");
    String time = s.path("time").asText("");
    if (id.isEmpty() || time.isEmpty()) {
      throw new IllegalArgumentException("snapshot #" + (i + 1) + " has no id or time");
    }
    try {
      return new Snapshot(id, OffsetDateTime.parse(time), s.path("hostname").asText(""),
          strings(s.path("paths")), strings(s.path("tags")), s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("snapshot " + id + ": time '" + time + "' is not RFC 3339");
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  /** The plan as {@code restic forget --dry-run --json} prints it: groups with tags, host, paths, keep, remove, reasons. */
  public static ArrayNode toJson(RetentionPlan plan) {
    ArrayNode groups = JSON.createArrayNode();
    for (RetentionPlan.Group g : plan.groups()) {
      ObjectNode group = groups.addObject();
      putList(group, "tags", g.key().tags());
      group.put("host", g.key().host());
      putList(group, "paths", g.key().paths());
      ArrayNode keep = group.putArray("keep");
      g.keep().forEach(k -> keep.add(node(k.snapshot())));
      ArrayNode remove = group.putArray("remove");
      g.remove().forEach(s -> remove.add(node(s)));
      ArrayNode reasons = group.putArray("reasons");
      for (RetentionPlan.Kept k : g.keep()) {
        ObjectNode reason = reasons.addObject();
        reason.set("snapshot", node(k.snapshot()));
        ArrayNode matches = reason.putArray("matches");
        k.reasons().forEach(matches::add);
      }
    }
    return groups;
  }

  private static void putList(ObjectNode node, String field, List<String> values) {
    if (values == null) {
      node.putNull(field);
    } else {
      ArrayNode array = node.putArray(field);
      values.forEach(array::add);
    }
  }

  private static JsonNode node(Snapshot s) {
    return s.source() instanceof JsonNode n ? n : JSON.createObjectNode().put("id", s.id()).put("time", s.time().toString());
  }

  /** restic's filters before grouping: any of the hosts, any of the tag lists (all tags of it), all of the paths. */
  public static List<Snapshot> filter(List<Snapshot> snapshots, List<String> hosts, List<String> tagLists, List<String> paths) {
    return snapshots.stream()
        .filter(s -> hosts.isEmpty() || hosts.contains(s.host()))
        .filter(s -> tagLists.isEmpty() || tagLists.stream().anyMatch(l -> s.hasTags(List.of(l.split(",", -1)))))
        .filter(s -> s.paths().containsAll(paths))
        .toList();
  }

  /** A group as a person reads it: "host ns, paths /data". */
  public static String describe(GroupBy.Key key) {
    List<String> parts = new ArrayList<>();
    if (!key.host().isEmpty()) parts.add("host " + key.host());
    if (key.paths() != null) parts.add("paths " + String.join(",", key.paths()));
    if (key.tags() != null) parts.add("tags " + String.join(",", key.tags()));
    return parts.isEmpty() ? "all snapshots" : String.join(", ", parts);
  }
}
