package dev.lifeboat.manager;

import dev.lifeboat.jobs.JobReportCodec;

/**
 * restic found data missing from the repository. Trying again cannot help (a pack that is gone
 * stays gone), so the in-Job command ends with {@link #EXIT_CODE}, which the Job's podFailurePolicy
 * turns into an immediate Job failure instead of backoffLimit more attempts.
 */
public final class DamagedRepositoryException extends RuntimeException {
  /** The exit code that fails a lifeboat Job at once (podFailurePolicy FailJob). */
  public static final int EXIT_CODE = JobReportCodec.NO_RETRY_EXIT_CODE;

  public DamagedRepositoryException(String message) {
    super(message);
  }
}
