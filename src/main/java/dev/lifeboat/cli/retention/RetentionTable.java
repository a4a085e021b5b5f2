package dev.lifeboat.cli.retention;

import dev.lifeboat.lifecycle.schedule.RetentionPlan;
import dev.lifeboat.lifecycle.schedule.Snapshot;
import dev.lifeboat.schedule.ResticSnapshots;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A retention plan for people: per group, every snapshot newest first, kept (with why) or removed. */
final class RetentionTable {
  private RetentionTable() {}

  static void print(RetentionPlan plan, PrintStream out) {
    if (plan.groups().isEmpty()) {
      out.println("no snapshots match");
      return;
    }
    for (RetentionPlan.Group group : plan.groups()) {
      out.println(ResticSnapshots.describe(group.key()) + ": keep " + group.keep().size() + ", remove "
          + group.remove().size());
      List<Row> entries = new ArrayList<>();
      group.keep().forEach(k -> entries.add(new Row(k.snapshot(), "keep", String.join(", ", k.reasons()))));
      group.remove().forEach(s -> entries.add(new Row(s, "remove", "")));
      entries.sort(Comparator.comparing((Row r) -> r.snapshot().time().toInstant()).reversed());
      List<String[]> rows = entries.stream().map(Row::cells).toList();
      int timeWidth = rows.stream().mapToInt(r -> r[1].length()).max().orElse(4);
      out.printf("  %-8s  %-" + timeWidth + "s  %-6s  %s%n", "ID", "TIME", "ACTION", "REASONS");
      rows.forEach(r -> out.printf("  %-8s  %-" + timeWidth + "s  %-6s  %s%n", (Object[]) r));
    }
  }

  private record Row(Snapshot snapshot, String action, String reasons) {
    String[] cells() {
      String id = snapshot.id().length() > 8 ? snapshot.id().substring(0, 8) : snapshot.id();
      return new String[] {id, snapshot.time().toString(), action, reasons};
    }
  }
}
