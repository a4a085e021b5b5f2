package dev.lifeboat.cli;

/** The exit-code contract (docs/exit-codes.md and every man page). Never renumber. */
public final class ExitCodes {
  /** Done: the command did what was asked; with --wait, the object reached its goal phase. */
  public static final int OK = 0;
  /** The operation ran and failed (with --wait: the object ended Failed). */
  public static final int FAILED = 1;
  /** Bad input: unknown option, invalid name or URL, unknown reference; nothing was changed. */
  public static final int USAGE = 2;
  /** --wait gave up after --timeout; the operation may still finish later. */
  public static final int TIMEOUT = 3;
  /** The named object does not exist. */
  public static final int NOT_FOUND = 4;
  /** The Kubernetes API could not be reached or refused the request. */
  public static final int API_ERROR = 5;
  /** With --wait: the restore failed and its cleanup ran (PruneComplete). Still a failed restore. */
  public static final int PRUNE_COMPLETE = 6;
  /** With --wait: the restore failed and so did its cleanup (PruneFailed). */
  public static final int PRUNE_FAILED = 7;
  /** With --wait: the operation was aborted by request. */
  public static final int ABORTED = 8;
  /** Interrupted (Ctrl-C) while waiting; the operation goes on in the cluster. */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}

  /** For picocli's generated help and man pages. */
  public static final String[] DESCRIPTION = {
      "0:done (with --wait: Completed/Ready)",
      "1:the operation failed (with --wait: Failed)",
      "2:bad input; nothing was changed",
      "3:--wait timed out; the operation may still finish",
      "4:the named object does not exist",
      "5:the Kubernetes API could not be reached or refused the request",
      "6:with --wait: the restore failed; its cleanup completed (PruneComplete)",
      "7:with --wait: the restore failed and its cleanup failed too (PruneFailed)",
      "8:with --wait: aborted by request",
      "130:interrupted while waiting"};
}
