package dev.lifeboat.manager.sources;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** The writing end of a backup stream: pg_dump, an HTTP download, any command. */
public interface Producer {
  /** The bytes to back up. */
  InputStream output();

  /**
   * Waits until the producer ended after its stream did: null when it succeeded, else why not in
   * its own words. Only a null lets the snapshot be committed.
   */
  String finish() throws InterruptedException;

  /** Ends the producer at once (restic failed): no more bytes are wanted. */
  void kill();

  /** What describe shows of the capture, when known ("tables" for pg_dump). */
  default Map<String, Long> details() {
    return Map.of();
  }

  /** A producer that cannot even start: refused with a message, not an exception trace. */
  final class StartException extends IOException {
    public StartException(String message) {
      super(message);
    }
  }
}
