package dev.lifeboat.api;

/**
 * How a Backup reads its claim: the live volume, or a point-in-time copy of it made by the storage driver first.
 * See docs/consistency.md.
 */
public enum CopyMethod {
  /** The backup Job reads the live claim (files copied later carry later writes). The default. */
  Direct,
  /** A VolumeSnapshot of the claim, then a temporary claim from it that the Job reads; both deleted after. */
  Snapshot,
  /** A temporary claim with the source claim as its dataSource (a CSI clone) that the Job reads; deleted after. */
  Clone
}
