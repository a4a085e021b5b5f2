package dev.lifeboat.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.RealTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real restic is the oracle: one repository with a history made by {@code restic backup
 * --time} in three time zones (across both DST changes of Berlin and New York, ISO weeks over a
 * year boundary, a month-end for keep-within's month arithmetic), then {@code lifeboat retention
 * plan -o json} must say exactly what {@code restic forget --dry-run --json} says, for every keep-*
 * flag, group-by form and filter.
 */
class RetentionAgainstResticE2E {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static Path snapshots;

  /** host, time zone, path, local time ("yyyy-MM-dd HH:mm:ss", as restic --time takes it), tags. */
  private static final String[][] HISTORY = {
      {"alpha", "Europe/Berlin", "one", "2026-03-28 23:30:00", ""},
      {"alpha", "Europe/Berlin", "one", "2026-03-29 01:15:00", ""},
      {"alpha", "Europe/Berlin", "one", "2026-03-29 03:45:00", "gold"},
      {"alpha", "Europe/Berlin", "one", "2026-03-29 23:50:00", ""},
      {"alpha", "Europe/Berlin", "one", "2026-03-30 00:10:00", ""},
      {"alpha", "Europe/Berlin", "one", "2026-10-25 01:30:00", ""},
      {"alpha", "Europe/Berlin", "one", "2026-10-25 03:30:00", ""},
      {"alpha", "Europe/Berlin", "one", "2026-12-27 12:00:00", ""},
      {"alpha", "Europe/Berlin", "one", "2026-12-28 12:00:00", "gold,weekly"},
      {"alpha", "Europe/Berlin", "one", "2027-01-01 12:00:00", ""},
      {"alpha", "Europe/Berlin", "one", "2027-01-04 00:30:00", ""},
      {"alpha", "Europe/Berlin", "one", "2027-01-10 18:00:00", ""},
      {"alpha", "UTC", "two", "2026-12-31 23:30:00", ""},
      {"alpha", "UTC", "two", "2027-01-01 00:30:00", "weekly"},
      {"beta", "America/New_York", "one", "2026-03-07 23:00:00", ""},
      {"beta", "America/New_York", "one", "2026-03-08 01:30:00", ""},
      {"beta", "America/New_York", "one", "2026-03-08 03:30:00", "gold"},
      {"beta", "America/New_York", "one", "2026-10-31 22:00:00", ""},
      {"beta", "America/New_York", "one", "2026-11-01 00:30:00", ""},
      {"beta", "America/New_York", "one", "2026-11-01 03:00:00", ""},
      {"beta", "America/New_York", "one", "2026-11-02 20:00:00", "weekly"},
      {"gamma", "UTC", "one", "2027-02-28 12:00:00", ""},
      {"gamma", "UTC", "one", "2027-03-01 11:00:00", ""},
      {"gamma", "UTC", "one", "2027-03-02 09:00:00", ""},
      {"gamma", "UTC", "one", "2027-03-31 10:00:00", ""},
  };

  @BeforeAll
  static void history() throws Exception {
    RealTools.requireRestic();
    Files.createDirectories(dir.resolve("one"));
    Files.createDirectories(dir.resolve("two"));
    Files.writeString(dir.resolve("one/file"), "one");
    Files.writeString(dir.resolve("two/file"), "two");
    restic("UTC", "init");
    for (String[] s : HISTORY) {
      List<String> args = new ArrayList<>(List.of("backup", "-q", "--host", s[0], "--time", s[3], s[2]));
      if (!s[4].isEmpty()) {
        args.addAll(List.of("--tag", s[4]));
      }
      restic(s[1], args.toArray(String[]::new));
    }
    snapshots = dir.resolve("snapshots.json");
    Files.writeString(snapshots, restic("UTC", "snapshots", "--json"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "--keep-last 3",
      "--keep-hourly 5",
      "--keep-daily 4",
      "--keep-weekly 3",
      "--keep-weekly 10",
      "--keep-monthly 2 --keep-yearly 2",
      "--keep-within 1m",
      "--keep-within 2d12h",
      "--keep-within 1y",
      "--keep-tag gold --keep-last 1",
      "--keep-tag gold,weekly --keep-tag weekly --keep-hourly 1",
      "--keep-daily 3 --keep-weekly 2 --keep-within 1d",
      "--group-by host --keep-weekly 2",
      "--group-by paths --keep-daily 2",
      "--group-by  --keep-last 5",
      "--group-by host,tags --keep-daily 2",
      "--group-by host,paths,tags --keep-monthly 1",
      "--host beta --keep-last 2",
      "--tag gold --keep-last 1",
      "--tag weekly --tag gold --keep-daily 1",
      "--path one --keep-yearly 1",
  })
  void planEqualsResticForget(String flags) throws Exception {
    List<String> args = split(flags);
    List<String> forget = new ArrayList<>(List.of("forget", "--dry-run", "--json"));
    forget.addAll(args.stream().map(a -> a.equals("one") ? dir.resolve("one").toString() : a).toList());
    JsonNode expected = JSON.readTree(restic("UTC", forget.toArray(String[]::new)));

    List<String> plan = new ArrayList<>(List.of("retention", "plan", "--snapshots", snapshots.toString(), "-o", "json"));
    plan.addAll(args.stream().map(a -> a.equals("one") ? dir.resolve("one").toString() : a).toList());
    Cli.Result result = Cli.run(plan.toArray(String[]::new));
    assertEquals(0, result.exitCode(), result.all());
    assertEquals(byGroup(expected), byGroup(JSON.readTree(result.out())), flags);
  }

  @Test
  void tableOutputSaysWhyEachSnapshotIsKept() {
    Cli.Result result = Cli.run("retention", "plan", "--snapshots", snapshots.toString(), "--host", "beta",
        "--keep-within", "1m");
    assertEquals(0, result.exitCode(), result.all());
    assertEquals("host beta, paths " + dir.resolve("one") + ": keep 4, remove 3", result.out().lines().findFirst().get());
    assertEquals(List.of("ID", "TIME", "ACTION", "REASONS"), List.of(result.out().lines().skip(1).findFirst().get().strip().split(" +")));
    assertEquals(1, result.out().lines().filter(l -> l.contains("2026-11-02T20:00-05:00") && l.contains("keep")
        && l.contains("within 1m")).count(), result.out());
  }

  /** restic prints groups in map order: compare them by key; keep/remove as id lists, reasons by position. */
  private static Map<String, String> byGroup(JsonNode groups) {
    Map<String, String> result = new TreeMap<>();
    for (JsonNode g : groups) {
      String key = g.get("host").asText() + " " + g.get("paths") + " " + g.get("tags");
      StringBuilder value = new StringBuilder("keep");
      for (int i = 0; i < g.get("keep").size(); i++) {
        value.append(' ').append(g.get("keep").get(i).get("short_id").asText())
            .append(g.get("reasons").get(i).get("matches"));
      }
      value.append(" remove");
      g.get("remove").forEach(s -> value.append(' ').append(s.get("short_id").asText()));
      result.put(key, value.toString());
    }
    return result;
  }

  /** Splits on single spaces: "--group-by  --keep-last 5" gives --group-by an empty value, as '' does in a shell. */
  private static List<String> split(String flags) {
    return List.of(flags.split(" ", -1));
  }

  private static String restic(String timeZone, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("restic", "--no-cache"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false);
    pb.environment().put("RESTIC_REPOSITORY", dir.resolve("repo").toString());
    pb.environment().put("RESTIC_PASSWORD", "retention-test");
    pb.environment().put("TZ", timeZone);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("restic " + String.join(" ", args) + " failed: " + err);
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
