package dev.lifeboat.bench;

import dev.lifeboat.api.RetentionPolicy;
import dev.lifeboat.lifecycle.schedule.GroupBy;
import dev.lifeboat.lifecycle.schedule.RetentionPlan;
import dev.lifeboat.lifecycle.schedule.RetentionPlanner;
import dev.lifeboat.lifecycle.schedule.Snapshot;
import dev.lifeboat.schedule.ResticSnapshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Retention planning at scale: writes N snapshots as {@code restic snapshots --json} would print them
 * (20 hosts, one snapshot an hour each, two time zones), then times parsing and planning in process
 * (median of 5). The whole command is timed by bench/retention-plan.sh on the same file.
 *
 * <p>Usage: RetentionPlanBench N FILE
 */
public final class RetentionPlanBench {
  private RetentionPlanBench() {}

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    Path file = Path.of(args[1]);
    Files.writeString(file, json(n));
    RetentionPolicy policy = new RetentionPolicy();
    policy.keepLast = 5;
    policy.keepHourly = 24;
    policy.keepDaily = 7;
    policy.keepWeekly = 5;
    policy.keepMonthly = 12;
    policy.keepYearly = 3;
    policy.keepWithin = "2d";
    List<Double> parse = new ArrayList<>();
    List<Double> plan = new ArrayList<>();
    int removed = 0;
    for (int run = 0; run < 5; run++) {
      long t0 = System.nanoTime();
      List<Snapshot> snapshots = ResticSnapshots.parse(Files.readString(file));
      long t1 = System.nanoTime();
      RetentionPlan p = RetentionPlanner.plan(snapshots, RetentionPlanner.rules(policy), GroupBy.DEFAULT, Instant.now());
      long t2 = System.nanoTime();
      parse.add((t1 - t0) / 1e6);
      plan.add((t2 - t1) / 1e6);
      removed = p.removed().size();
    }
    System.out.printf(Locale.ROOT, "%d snapshots (%.1f MB of JSON), 20 groups: parse %.0f ms, plan %.0f ms (median of 5;"
        + " first run parse %.0f ms, plan %.0f ms); %d to remove%n", n, Files.size(file) / 1e6, median(parse), median(plan),
        parse.get(0), plan.get(0), removed);
  }

  private static String json(int n) {
    StringBuilder s = new StringBuilder("[");
    OffsetDateTime start = OffsetDateTime.of(2016, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    for (int i = 0; i < n; i++) {
      int host = i % 20;
      ZoneOffset zone = host % 2 == 0 ? ZoneOffset.UTC : ZoneOffset.ofHours(2);
      String time = start.plusHours(i / 20).withOffsetSameInstant(zone).toString();
      String id = HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(32).putLong(i).putLong(31L * i).array());
      s.append(i == 0 ? "" : ",").append("{\"time\":\"").append(time).append("\",\"tree\":\"").append(id)
          .append("\",\"paths\":[\"/data\"],\"hostname\":\"host-").append(host).append("\",\"username\":\"root\",\"tags\":[\"pvc=data\"],")
          .append("\"id\":\"").append(id).append("\",\"short_id\":\"").append(id, 0, 8).append("\"}");
    }
    return s.append("]").toString();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
