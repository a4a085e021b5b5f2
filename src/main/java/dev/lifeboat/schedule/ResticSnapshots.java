package dev.lifeboat.schedule;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
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
   * The same from a stream. Each snapshot's own JSON is kept as its text, not as a tree: 100,000
   * snapshots are ~30 MB of JSON, and a tree per snapshot, read and then written again by
   * {@link #toJson}, was most of {@code retention plan}'s time. Only the fields retention reads are
   * taken out (id, time, hostname, paths, tags).
   *
   * @throws IllegalArgumentException naming the entry that is not a restic snapshot
   * @throws IOException when the stream cannot be read
   */
  public static List<Snapshot> parse(InputStream in) throws IOException {
    byte[] bytes = in.readAllBytes();
    List<Snapshot> result = new ArrayList<>();
    try (JsonParser parser = JSON.getFactory().createParser(bytes)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw new IllegalArgumentException("expected a JSON array of snapshots, as 'restic snapshots --json' prints");
      }
      for (int i = 0; ; i++) {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.END_ARRAY) {
          break;
        }
        if (token != JsonToken.START_OBJECT) {
          throw new IllegalArgumentException(token == null ? "not JSON: the array does not end"
              : "snapshot #" + (i + 1) + " is not a JSON object");
        }
        result.add(snapshot(parser, bytes, i));
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    return result;
  }

  /** One snapshot object, the parser at its START_OBJECT; its text is kept as a raw value. */
  private static Snapshot snapshot(JsonParser parser, byte[] bytes, int i) throws IOException {
    int from = (int) parser.currentTokenLocation().getByteOffset();
    String id = "";
    String time = "";
    String host = "";
    List<String> paths = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "id" -> id = value.isScalarValue() ? parser.getValueAsString("") : "";
        case "time" -> time = value.isScalarValue() ? parser.getValueAsString("") : "";
        case "hostname" -> host = value.isScalarValue() ? parser.getValueAsString("") : "";
        case "paths" -> strings(parser, paths);
        case "tags" -> strings(parser, tags);
        default -> parser.skipChildren();
      }
    }
    int to = (int) parser.currentLocation().getByteOffset();
    if (id.isEmpty() || time.isEmpty()) {
      throw new IllegalArgumentException("snapshot #" + (i + 1) + " has no id or time");
    }
    try {
      return new Snapshot(id, OffsetDateTime.parse(time), host, paths, tags,
          new RawValue(new String(bytes, from, to - from, StandardCharsets.UTF_8)));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("snapshot " + id + ": time '" + time + "' is not RFC 3339");
    }
  }

  private static void strings(JsonParser parser, List<String> into) throws IOException {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      parser.skipChildren();
      return;
    }
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      into.add(parser.getValueAsString(""));
      parser.skipChildren();
    }
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
      g.keep().forEach(k -> add(keep, k.snapshot()));
      ArrayNode remove = group.putArray("remove");
      g.remove().forEach(s -> add(remove, s));
      ArrayNode reasons = group.putArray("reasons");
      for (RetentionPlan.Kept k : g.keep()) {
        ObjectNode reason = reasons.addObject();
        put(reason, "snapshot", k.snapshot());
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

  private static void add(ArrayNode array, Snapshot s) {
    if (s.source() instanceof RawValue raw) {
      array.addRawValue(raw);
    } else {
      array.add(node(s));
    }
  }

  private static void put(ObjectNode object, String field, Snapshot s) {
    if (s.source() instanceof RawValue raw) {
      object.putRawValue(field, raw);
    } else {
      object.set(field, node(s));
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
