package dev.lifeboat.api;

/** How restored files meet what is already in the target. */
public enum RestoreMode {
  /** The target ends up exactly as the snapshot: what was there before is removed. */
  Replace,
  /** Restored files are written beside existing data, replacing files of the same path. */
  Merge,
  /**
   * Only into an empty claim (nothing but lost+found): a claim with data in it is left as it is and
   * the Restore completes saying so. What a Schedule's autoRestore uses.
   */
  IfEmpty
}
