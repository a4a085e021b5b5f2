package dev.lifeboat.lifecycle.repository;

import dev.lifeboat.lifecycle.JobNames;

/**
 * Where a verify Job leaves the snapshot list it read (one {@code restic snapshots --json}): ConfigMaps
 * beside the Repository, gzip-compressed JSON under {@link #KEY}. A termination message (4 KiB) cannot
 * carry 10,000 snapshots, and one ConfigMap (1 MiB) carries about 14,000, so the list is cut into parts:
 * the head {@code <repository>-snapshots} (part 0, written last) says how many parts there are, and
 * parts 1.. are {@code <repository>-snapshots-<i>}. Every part names the Job that wrote it.
 */
public final class SnapshotInventoryNames {
  public static final String KEY = "snapshots.json.gz";
  /** The verify Job that wrote it: a list left by an older run is never taken for this run's. */
  public static final String JOB_ANNOTATION = "lifeboat.dev/listed-by";
  /** On the head: how many parts (itself included) the list has. Absent means one (lists written before parts). */
  public static final String PARTS_ANNOTATION = "lifeboat.dev/parts";

  private SnapshotInventoryNames() {}

  public static String configMap(String repository) {
    return JobNames.fit(repository + "-snapshots", 253);
  }

  /** Part {@code index} (0 is the head). */
  public static String part(String repository, int index) {
    return index == 0 ? configMap(repository) : JobNames.fit(repository + "-snapshots", 240) + "-" + index;
  }
}
