package dev.lifeboat.cli;

/** A problem the user can fix: printed as one line, no stack trace, with an exit code. */
public final class UserException extends RuntimeException {
  private final int exitCode;

  public UserException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public static UserException usage(String message) {
    return new UserException(ExitCodes.USAGE, message);
  }

  public int exitCode() {
    return exitCode;
  }
}
