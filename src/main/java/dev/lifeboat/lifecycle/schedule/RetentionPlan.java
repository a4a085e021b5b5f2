package dev.lifeboat.lifecycle.schedule;

import java.util.List;

/** What a retention policy keeps and removes, per group, as {@code restic forget --dry-run} reports it. */
public record RetentionPlan(List<Group> groups) {
  public record Group(GroupBy.Key key, List<Kept> keep, List<Snapshot> remove) {}

  /** A kept snapshot and every rule that kept it, in restic's order and wording. */
  public record Kept(Snapshot snapshot, List<String> reasons) {}

  public List<Snapshot> removed() {
    return groups.stream().flatMap(g -> g.remove().stream()).toList();
  }

  public List<Kept> kept() {
    return groups.stream().flatMap(g -> g.keep().stream()).toList();
  }
}
