package dev.lifeboat.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Prints objects as kubectl does for {@code -o table|wide|yaml|json|name}. */
public final class Printer {
  private static final ObjectMapper JSON = dev.lifeboat.api.ApiJson.configure(new ObjectMapper())
      .setSerializationInclusion(JsonInclude.Include.NON_NULL).enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper YAML = Yaml.MAPPER;

  private final PrintStream out;
  private final OutputFormat format;
  private final Instant now;

  public Printer(PrintStream out, OutputFormat format, Instant now) {
    this.out = out;
    this.format = format;
    this.now = now;
  }

  public <T extends HasMetadata> void printList(List<T> items, List<Column<T>> columns, boolean withNamespace) {
    switch (format) {
      case table, wide -> table(items, columns, withNamespace);
      case name -> items.forEach(this::printName);
      case yaml, json -> {
        ObjectNode list = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "List");
        list.putArray("items").addAll(items.stream().map(i -> (JsonNode) JSON.valueToTree(i)).toList());
        serialize(list);
      }
      default -> throw new IllegalStateException();
    }
  }

  /** One object; {@code columns} is its kind's table (kinds.Kinds). */
  public <T extends HasMetadata> void printOne(T item, List<Column<T>> columns) {
    switch (format) {
      case table, wide -> table(List.of(item), columns, false);
      case name -> printName(item);
      case yaml, json -> serialize(item);
      default -> throw new IllegalStateException();
    }
  }

  private void printName(HasMetadata item) {
    String kind = item.getKind().toLowerCase(Locale.ROOT);
    String group = groupOf(item);
    out.println(kind + (group.isEmpty() ? "" : "." + group) + "/" + item.getMetadata().getName());
  }

  private static String groupOf(HasMetadata item) {
    String apiVersion = item.getApiVersion();
    return apiVersion != null && apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
  }

  private void serialize(Object value) {
    try {
      String text = format == OutputFormat.json ? JSON.writeValueAsString(value) : YAML.writeValueAsString(value);
      out.print(text.endsWith("\n") ? text : text + "\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private <T extends HasMetadata> void table(List<T> items, List<Column<T>> allColumns, boolean withNamespace) {
    List<Column<T>> columns = allColumns.stream()
        .filter(c -> format == OutputFormat.wide || !c.wideOnly()).toList();
    List<String[]> rows = new ArrayList<>();
    List<String> header = new ArrayList<>();
    if (withNamespace) {
      header.add("NAMESPACE");
    }
    header.add("NAME");
    columns.forEach(c -> header.add(c.header()));
    rows.add(header.toArray(String[]::new));
    for (T item : items) {
      List<String> row = new ArrayList<>();
      if (withNamespace) {
        row.add(item.getMetadata().getNamespace());
      }
      row.add(item.getMetadata().getName());
      columns.forEach(c -> row.add(c.value().apply(item, now)));
      rows.add(row.toArray(String[]::new));
    }
    printAligned(rows, out);
  }

  /** Rows as left-aligned columns, three spaces apart (kubectl's look); the first row is the header. */
  public static void printAligned(List<String[]> rows, PrintStream out) {
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i] == null ? 0 : row[i].length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        String cell = row[i] == null ? "" : row[i];
        line.append(cell);
        if (i < row.length - 1) {
          line.append(" ".repeat(widths[i] - cell.length() + 3));
        }
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    out.print(text);
  }
}
