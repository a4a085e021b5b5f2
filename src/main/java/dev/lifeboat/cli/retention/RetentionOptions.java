package dev.lifeboat.cli.retention;

import dev.lifeboat.api.RetentionPolicy;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import java.util.Locale;
import java.util.regex.Pattern;

/** restic's keep-* flags, shared by {@code retention plan} and {@code schedule create}. */
public final class RetentionOptions {
  @Option(names = "--keep-last", paramLabel = "N", description = "Keep the N newest snapshots.")
  Integer keepLast;

  @Option(names = "--keep-hourly", paramLabel = "N", description = "Keep the newest snapshot of each of the last N hours that have one.")
  Integer keepHourly;

  @Option(names = "--keep-daily", paramLabel = "N", description = "Keep the newest snapshot of each of the last N days that have one.")
  Integer keepDaily;

  @Option(names = "--keep-weekly", paramLabel = "N", description = "Keep the newest snapshot of each of the last N ISO weeks that have one.")
  Integer keepWeekly;

  @Option(names = "--keep-monthly", paramLabel = "N", description = "Keep the newest snapshot of each of the last N months that have one.")
  Integer keepMonthly;

  @Option(names = "--keep-yearly", paramLabel = "N", description = "Keep the newest snapshot of each of the last N years that have one.")
  Integer keepYearly;

  @Option(names = "--keep-within", paramLabel = "DURATION",
      description = "Keep snapshots newer than the newest one minus DURATION (restic syntax: 7d, 12h, 1y6m).")
  String keepWithin;

  @Option(names = "--keep-tag", paramLabel = "TAG[,TAG]", description = "Keep snapshots with all these tags (repeatable).")
  List<String> keepTags = new ArrayList<>();

  public RetentionPolicy toPolicy() {
    RetentionPolicy p = new RetentionPolicy();
    p.keepLast = keepLast;
    p.keepHourly = keepHourly;
    p.keepDaily = keepDaily;
    p.keepWeekly = keepWeekly;
    p.keepMonthly = keepMonthly;
    p.keepYearly = keepYearly;
    p.keepWithin = keepWithin;
    p.keepTags = new ArrayList<>(keepTags);
    return p;
  }

  /** Whether any keep-* flag was given. */
  public boolean given() {
    return !toPolicy().empty() || keepLast != null || keepWithin != null;
  }

  /** The planner names spec fields (keepWithin); on the command line they are flags (--keep-within). */
  public static String flagNames(String message) {
    return Pattern.compile("\\bkeep([A-Z][a-z]+)\\b").matcher(message)
        .replaceAll(m -> "--keep-" + m.group(1).toLowerCase(Locale.ROOT));
  }
}
