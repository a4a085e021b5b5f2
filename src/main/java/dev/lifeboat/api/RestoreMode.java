package dev.lifeboat.api;

/** How restored files meet what is already in the target. */
public enum RestoreMode {
  /** The target ends up exactly as the snapshot: what was there before is removed. */
  Replace,
  /** Restored files are written beside existing data, replacing files of the same path. */
  Merge
}
