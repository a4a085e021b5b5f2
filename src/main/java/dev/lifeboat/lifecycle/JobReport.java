package dev.lifeboat.lifecycle;

import dev.lifeboat.api.BackupSummary;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The result a lifeboat Job writes to its termination message, parsed. Any field may be null: a
 * pod that died without writing gets a report with only {@code message} (from its logs) or none.
 */
public record JobReport(
    Boolean ok,
    String message,
    String snapshotId,
    Boolean verified,
    Boolean incomplete,
    Boolean created,
    BackupSummary summary,
    MaintenanceSummary maintenance,
    String restic) {

  public JobReport(Boolean ok, String message, String snapshotId, Boolean verified, Boolean incomplete, Boolean created,
      BackupSummary summary, MaintenanceSummary maintenance) {
    this(ok, message, snapshotId, verified, incomplete, created, summary, maintenance, null);
  }

  public JobReport(Boolean ok, String message, String snapshotId, Boolean verified, Boolean incomplete, Boolean created,
      BackupSummary summary) {
    this(ok, message, snapshotId, verified, incomplete, created, summary, null);
  }

  /** What a maintenance Job measured; any field may be null. */
  @com.fasterxml.jackson.annotation.JsonInclude(JsonInclude.Include.NON_NULL)
  public record MaintenanceSummary(Long sizeBefore, Long sizeAfter, Integer snapshots, Integer locksRemoved,
      Integer locksKept, Boolean damaged) {}

  /** This report, saying which restic version the Job ran ({@link ResticPin}). */
  public JobReport withRestic(String version) {
    return new JobReport(ok, message, snapshotId, verified, incomplete, created, summary, maintenance, version);
  }

  public static JobReport failure(String message) {
    return new JobReport(false, message, null, null, null, null, null);
  }

  public boolean hasVerifiedSnapshot() {
    return snapshotId != null && !snapshotId.isBlank() && Boolean.TRUE.equals(verified);
  }
}
