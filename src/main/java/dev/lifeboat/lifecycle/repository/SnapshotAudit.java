package dev.lifeboat.lifecycle.repository;

import dev.lifeboat.api.MaintenanceStatus;
import dev.lifeboat.api.RepositoryStatus;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Action.EventType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.time.Instant;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * What a verify found, comparing restic's snapshots (listed once) with the Backups that claim them:
 * Ready Backups whose snapshot is gone, Backups whose snapshot came back, and snapshots nobody claims.
 * Matching is by ID prefix in a sorted set: 10,000 Backups against 10,000 snapshots take milliseconds.
 *
 * @param missingTotal Ready Backups whose snapshot is not there, marked before or now
 * @param missing those to mark now
 */
public record SnapshotAudit(int snapshots, int missingTotal, List<SnapshotClaim> missing, List<SnapshotClaim> foundAgain,
    List<SnapshotInfo> unclaimed) {
  static final int NAMES_IN_EVENT = 5;

  public static SnapshotAudit of(List<SnapshotInfo> inventory, List<SnapshotClaim> claims) {
    TreeSet<String> ids = new TreeSet<>();
    inventory.forEach(s -> ids.add(s.id()));
    Set<String> claimedIds = new HashSet<>();
    List<SnapshotClaim> missing = new ArrayList<>();
    List<SnapshotClaim> foundAgain = new ArrayList<>();
    for (SnapshotClaim claim : claims) {
      String full = find(ids, claim.snapshotId());
      if (full != null) {
        claimedIds.add(full);
        if (claim.markedMissing()) {
          foundAgain.add(claim);
        }
      } else if (claim.ready() && !claim.markedMissing()) {
        missing.add(claim);
      }
    }
    List<SnapshotInfo> unclaimed = inventory.stream().filter(s -> !claimedIds.contains(s.id())).toList();
    int stillMissing = (int) claims.stream().filter(c -> c.ready() && find(ids, c.snapshotId()) == null).count();
    return new SnapshotAudit(inventory.size(), stillMissing, missing, foundAgain, unclaimed);
  }

  /** The full ID {@code id} (full or a prefix of at least 8) stands for, or null. */
  static String find(NavigableSet<String> ids, String id) {
    if (id == null || id.length() < 8) {
      return null;
    }
    String candidate = ids.ceiling(id);
    return candidate != null && candidate.startsWith(id) ? candidate : null;
  }

  /** Writes the outcome into the repository's status and the actions (marks, Events). */
  void apply(RepositoryStatus status, MaintenanceStatus entry, List<Action> actions, Instant at) {
    status.snapshots = snapshots;
    status.unclaimedSnapshots = unclaimed.size();
    status.missingSnapshots = missingTotal;
    for (SnapshotClaim claim : missing) {
      actions.add(new Action.MarkSnapshotMissing(claim.namespace(), claim.backup(), true,
          "snapshot " + shortId(claim.snapshotId()) + " is not in the repository (verify of " + entry.lastEnd + ")", at));
    }
    for (SnapshotClaim claim : foundAgain) {
      actions.add(new Action.MarkSnapshotMissing(claim.namespace(), claim.backup(), false,
          "snapshot " + shortId(claim.snapshotId()) + " is in the repository again", at));
    }
    entry.message = snapshots + " snapshot(s); " + status.missingSnapshots + " Backup(s) miss their snapshot; "
        + status.unclaimedSnapshots + " snapshot(s) claimed by no Backup";
    if (!missing.isEmpty()) {
      List<String> names = missing.stream().limit(NAMES_IN_EVENT).map(c -> c.namespace() + "/" + c.backup()).toList();
      actions.add(new Action.RecordEvent(EventType.Warning, "SnapshotsMissing", missing.size()
          + " Backup(s) newly miss their snapshot: " + String.join(", ", names)
          + (missing.size() > NAMES_IN_EVENT ? ", …" : "")));
    } else {
      actions.add(new Action.RecordEvent(EventType.Normal, "Verified", entry.message));
    }
  }

  private static String shortId(String id) {
    return id.length() <= 8 ? id : id.substring(0, 8);
  }
}
