package dev.lifeboat.lifecycle.repository;

import dev.lifeboat.lifecycle.JobNames;

/**
 * Where a verify Job leaves the snapshot list it read (one {@code restic snapshots --json}): a
 * ConfigMap beside the Repository, gzip-compressed JSON under {@link #KEY}. A termination message
 * (4 KiB) cannot carry 10,000 snapshots; the ConfigMap (1 MiB) carries about 14,000.
 */
public final class SnapshotInventoryNames {
  public static final String KEY = "snapshots.json.gz";
  /** The verify Job that wrote it: a list left by an older run is never taken for this run's. */
  public static final String JOB_ANNOTATION = "lifeboat.dev/listed-by";

  private SnapshotInventoryNames() {}

  public static String configMap(String repository) {
    return JobNames.fit(repository + "-snapshots", 253);
  }
}
