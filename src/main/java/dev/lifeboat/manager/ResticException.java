package dev.lifeboat.manager;

/** restic failed; the message is restic's own last words, fit for a status line. */
public final class ResticException extends Exception {
  private final int exitCode;

  public ResticException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
