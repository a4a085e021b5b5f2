package dev.lifeboat.lifecycle.schedule;

import dev.lifeboat.api.RetentionPolicy;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * restic's {@code forget} policy (restic 0.14, {@code ApplyPolicy}), pure: group the snapshots,
 * sort each group newest first, and keep a snapshot when any rule keeps it.
 *
 * <ul>
 *   <li>keep-tag: it carries all tags of one of the lists;
 *   <li>keep-within D: its time is strictly after the group's newest snapshot that is not in the
 *       future, minus D (months and days overflow as Go's AddDate does);
 *   <li>keep-last N and keep-hourly/daily/weekly/monthly/yearly N: walking newest to oldest, each
 *       rule keeps a snapshot whose bucket (hour, day, ISO week, month, year in the snapshot's own
 *       UTC offset; for keep-last every snapshot is its own bucket) differs from the last bucket
 *       that rule kept, while it has count left.
 * </ul>
 *
 * An empty policy keeps everything, as restic 0.14 does. Tests compare this with the real restic
 * (0.14, the version the Jobs run; restic 0.15+ also keeps a group's oldest snapshot while a count
 * is left and takes -1 for "all": not followed here).
 */
public final class RetentionPlanner {
  private RetentionPlanner() {}

  /** Reads the policy's rules; throws {@link IllegalArgumentException} naming the bad field. */
  public static Rules rules(RetentionPolicy policy) {
    RetentionPolicy p = policy == null ? new RetentionPolicy() : policy;
    int[] counts = {n(p.keepLast, "keepLast"), n(p.keepHourly, "keepHourly"), n(p.keepDaily, "keepDaily"),
        n(p.keepWeekly, "keepWeekly"), n(p.keepMonthly, "keepMonthly"), n(p.keepYearly, "keepYearly")};
    ResticDuration within;
    try {
      within = p.keepWithin == null || p.keepWithin.isEmpty() ? null : ResticDuration.parse(p.keepWithin);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("keepWithin: " + e.getMessage());
    }
    List<List<String>> tags = new ArrayList<>();
    for (String list : p.keepTags == null ? List.<String>of() : p.keepTags) {
      tags.add(Arrays.asList(list.split(",", -1)));
    }
    return new Rules(counts, within, List.copyOf(tags));
  }

  private static int n(Integer value, String field) {
    if (value != null && value < 0) {
      throw new IllegalArgumentException(field + " is " + value + ": a count of snapshots to keep must be 0 or more");
    }
    return value == null ? 0 : value;
  }

  /**
   * @param now only for keep-within: restic measures it from the newest snapshot that is not in the
   *     future; when all are, from year 1 (so keep-within keeps them all)
   */
  public static RetentionPlan plan(List<Snapshot> snapshots, Rules rules, GroupBy groupBy, Instant now) {
    Map<GroupBy.Key, List<Snapshot>> groups = new LinkedHashMap<>();
    for (Snapshot s : snapshots) {
      groups.computeIfAbsent(groupBy.keyOf(s), k -> new ArrayList<>()).add(s);
    }
    List<RetentionPlan.Group> result = new ArrayList<>();
    groups.forEach((key, members) -> result.add(planGroup(key, members, rules, now)));
    return new RetentionPlan(List.copyOf(result));
  }

  private static RetentionPlan.Group planGroup(GroupBy.Key key, List<Snapshot> members, Rules rules, Instant now) {
    List<Snapshot> newestFirst = new ArrayList<>(members);
    newestFirst.sort(Comparator.comparing(Snapshot::time, Comparator.comparing(OffsetDateTime::toInstant)).reversed());
    List<RetentionPlan.Kept> keep = new ArrayList<>();
    List<Snapshot> remove = new ArrayList<>();
    if (rules.empty()) {
      newestFirst.forEach(s -> keep.add(new RetentionPlan.Kept(s, List.of("policy is empty"))));
      return new RetentionPlan.Group(key, keep, remove);
    }
    OffsetDateTime cutoff = rules.within() == null || rules.within().zero()
        ? null : rules.within().before(latestNotInFuture(newestFirst, now));
    int[] left = rules.counts().clone();
    long[] lastBucket = new long[Bucket.values().length];
    Arrays.fill(lastBucket, Long.MIN_VALUE);
    for (int nr = 0; nr < newestFirst.size(); nr++) {
      Snapshot s = newestFirst.get(nr);
      List<String> reasons = new ArrayList<>();
      for (List<String> tags : rules.keepTags()) {
        if (s.hasTags(tags)) {
          reasons.add("has tags [" + String.join(", ", tags) + "]");
        }
      }
      if (cutoff != null && s.time().toInstant().isAfter(cutoff.toInstant())) {
        reasons.add("within " + rules.within());
      }
      for (Bucket bucket : Bucket.values()) {
        int i = bucket.ordinal();
        long value = bucket == Bucket.LAST ? nr : bucket.of.applyAsLong(s.time());
        if (left[i] > 0 && value != lastBucket[i]) {
          lastBucket[i] = value;
          left[i]--;
          reasons.add(bucket.reason);
        }
      }
      if (reasons.isEmpty()) {
        remove.add(s);
      } else {
        keep.add(new RetentionPlan.Kept(s, List.copyOf(reasons)));
      }
    }
    return new RetentionPlan.Group(key, List.copyOf(keep), List.copyOf(remove));
  }

  private static OffsetDateTime latestNotInFuture(List<Snapshot> newestFirst, Instant now) {
    return newestFirst.stream().map(Snapshot::time).filter(t -> t.toInstant().isBefore(now)).findFirst()
        .orElse(OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
  }

  /** The parsed policy: counts in {@link Bucket} order. */
  public record Rules(int[] counts, ResticDuration within, List<List<String>> keepTags) {
    public boolean empty() {
      return Arrays.stream(counts).allMatch(c -> c == 0) && (within == null || within.zero()) && keepTags.isEmpty();
    }
  }

  private enum Bucket {
    LAST("last snapshot", t -> 0),
    HOURLY("hourly snapshot", t -> t.getYear() * 1_000_000L + t.getMonthValue() * 10_000L + t.getDayOfMonth() * 100L + t.getHour()),
    DAILY("daily snapshot", t -> t.getYear() * 10_000L + t.getMonthValue() * 100L + t.getDayOfMonth()),
    WEEKLY("weekly snapshot", t -> t.get(IsoFields.WEEK_BASED_YEAR) * 100L + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)),
    MONTHLY("monthly snapshot", t -> t.getYear() * 100L + t.getMonthValue()),
    YEARLY("yearly snapshot", t -> t.getYear());

    final String reason;
    final ToLongFunction<OffsetDateTime> of;

    Bucket(String reason, ToLongFunction<OffsetDateTime> of) {
      this.reason = reason;
      this.of = of;
    }
  }
}
