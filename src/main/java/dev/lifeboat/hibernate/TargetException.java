package dev.lifeboat.hibernate;

/** A target could not be read or acted on (not found, forbidden, an invalid patch): a failed attempt. */
public final class TargetException extends RuntimeException {
  public TargetException(String message) {
    super(message);
  }

  public TargetException(String message, Throwable cause) {
    super(message, cause);
  }
}
