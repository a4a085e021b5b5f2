package dev.lifeboat.lifecycle;

/** The state of a claim a Backup reads or a Restore writes. */
public enum PvcState {
  MISSING,
  TERMINATING,
  BOUND,
  /** Exists but not bound to a volume yet: a backup waits for it. */
  PENDING
}
