package dev.lifeboat.manager.sources;

import java.io.OutputStream;

/** The reading end of a restore stream: pg_restore, psql, an HTTP upload, any command. */
public interface Consumer {
  /** Where the snapshot's bytes go; closing it says they were all there. */
  OutputStream input();

  /** Waits for the end: null when the consumer took the whole stream, else why not in its own words. */
  String finish() throws InterruptedException;

  /** Ends the consumer without a clean end of input (the stream was cut): it must not commit. */
  void kill();

  /** What to say after a success (an OpenBao restore: "unseal it"). */
  default String successNote() {
    return null;
  }
}
