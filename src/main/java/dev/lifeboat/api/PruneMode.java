package dev.lifeboat.api;

/** Whether a failed restore runs the cleanup Job by itself. */
public enum PruneMode {
  AfterFailed,
  Never
}
