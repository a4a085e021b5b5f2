package dev.lifeboat.manager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.time.OffsetDateTime;
import java.util.Locale;

/** The restic commands of repository maintenance: check, prune, stats and locks. */
final class ResticMaintenance {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Restic restic;

  ResticMaintenance(Restic restic) {
    this.restic = restic;
  }

  /** A lock file as {@code restic cat lock} shows it. */
  record Lock(String id, String hostname, Instant time, boolean exclusive, long pid) {}

  /** {@code restic check [--read-data-subset S]}: null when clean, else restic's findings (first lines). */
  String check(String readDataSubset) throws ResticException, IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("check"));
    if (readDataSubset != null) {
      args.addAll(List.of("--read-data-subset", readDataSubset));
    }
    List<String> findings = new ArrayList<>();
    Restic.Result result = restic.run(args, null, line -> {
      System.out.println(line);
      String lower = line.toLowerCase(Locale.ROOT);
      if (findings.size() < 4 && (lower.contains("error") || lower.contains("does not exist") || lower.contains("missing"))) {
        findings.add(line.trim());
      }
    });
    if (result.exitCode() == 0) {
      return null;
    }
    // restic 0.14 prints most findings ("pack 1a2b…: does not exist") on stderr, a few on stdout.
    for (String line : result.stderr().split("\n")) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (findings.size() < 4 && !line.startsWith("Fatal:") && !lower.contains("retrying")
          && (lower.contains("error") || lower.contains("does not exist") || lower.contains("missing"))) {
        findings.add(line.trim());
      }
    }
    String reason = Restic.summarize(result.stderr(), "restic check failed");
    return findings.isEmpty() ? reason : String.join("; ", findings) + " (" + reason + ")";
  }

  /** Pack data before and after a prune, in bytes, as restic's prune reports them. */
  record PruneSizes(long before, long after) {}

  /**
   * {@code restic prune [--max-unused X]}. Its statistics give the sizes: before = remaining + total
   * prune, after = remaining + unused size after prune (restic prints them rounded: "2.862 MiB").
   */
  PruneSizes prune(String maxUnused) throws ResticException, IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("prune"));
    if (maxUnused != null) {
      args.addAll(List.of("--max-unused", maxUnused));
    }
    long[] sizes = new long[3]; // total prune, remaining, unused after
    Restic.Result result = restic.run(args, null, line -> {
      System.out.println(line);
      if (line.startsWith("total prune:")) {
        sizes[0] = size(line.substring(line.lastIndexOf('/') + 1));
      } else if (line.startsWith("remaining:")) {
        sizes[1] = size(line.substring(line.lastIndexOf('/') + 1));
      } else if (line.startsWith("unused size after prune:")) {
        sizes[2] = size(line.substring("unused size after prune:".length()).replaceFirst("\\(.*", ""));
      }
    });
    if (result.exitCode() != 0) {
      throw new ResticException(Restic.summarize(result.stderr(), "restic prune failed"), result.exitCode());
    }
    return new PruneSizes(sizes[1] + sizes[0], sizes[1] + sizes[2]);
  }

  /** "196.087 KiB", "0 B", "1.5 GiB" in bytes. */
  static long size(String text) {
    String[] parts = text.trim().split("\\s+");
    if (parts.length != 2) {
      return 0;
    }
    double value = Double.parseDouble(parts[0]);
    int power = List.of("B", "KiB", "MiB", "GiB", "TiB").indexOf(parts[1]);
    return Math.round(value * Math.pow(1024, Math.max(0, power)));
  }

  /** Bytes of (deduplicated) data the repository holds: {@code restic stats --mode raw-data}. */
  long size() throws ResticException, IOException, InterruptedException {
    StringBuilder out = new StringBuilder();
    Restic.Result result = restic.run(List.of("stats", "--json", "--mode", "raw-data"), null, out::append);
    if (result.exitCode() != 0) {
      throw new ResticException(Restic.summarize(result.stderr(), "restic stats failed"), result.exitCode());
    }
    JsonNode node = JSON.readTree(out.toString());
    return node.path("total_size").asLong();
  }

  /** Every lock in the repository (read without taking one). */
  List<Lock> locks() throws ResticException, IOException, InterruptedException {
    List<String> ids = new ArrayList<>();
    Restic.Result listed = restic.run(List.of("list", "locks", "--no-lock"), null, line -> {
      if (!line.isBlank()) {
        ids.add(line.trim());
      }
    });
    if (listed.exitCode() != 0) {
      throw new ResticException(Restic.summarize(listed.stderr(), "restic list locks failed"), listed.exitCode());
    }
    List<Lock> locks = new ArrayList<>();
    for (String id : ids) {
      StringBuilder out = new StringBuilder();
      Restic.Result cat = restic.run(List.of("cat", "lock", id, "--no-lock"), null, out::append);
      if (cat.exitCode() != 0) {
        continue; // removed in the meantime: its holder ended
      }
      JsonNode node = JSON.readTree(out.toString());
      locks.add(new Lock(id, node.path("hostname").asText(""), OffsetDateTime.parse(node.path("time").asText()).toInstant(),
          node.path("exclusive").asBoolean(false), node.path("pid").asLong()));
    }
    return locks;
  }

  /** {@code restic unlock --remove-all}: every lock, live or not. */
  void removeAllLocks() throws ResticException, IOException, InterruptedException {
    Restic.Result result = restic.run(List.of("unlock", "--remove-all"), null, line -> { });
    if (result.exitCode() != 0) {
      throw new ResticException(Restic.summarize(result.stderr(), "restic unlock --remove-all failed"), result.exitCode());
    }
  }
}
