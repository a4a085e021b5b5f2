package dev.lifeboat.support;

/**
 * Thrown by a test writer to act out the process dying right after a write. An Error, as a real
 * death in a worker would be (an OutOfMemoryError): the worker ends instead of retrying.
 */
public final class ProcessDeath extends Error {
  public ProcessDeath(String message) {
    super(message);
  }
}
