package dev.lifeboat.output;

import java.io.IOException;
import java.io.PrintStream;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Shows how a --wait is going. On a terminal: one line rewritten in place (jline). Elsewhere
 * (pipes, CI, cron): a plain line each time the text changes, so logs stay readable.
 */
public final class ProgressDisplay implements AutoCloseable {
  private final PrintStream out;
  private final Terminal terminal;
  private String last = "";

  private ProgressDisplay(PrintStream out, Terminal terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** Interactive only when stdout is a terminal; NO_COLOR is honoured by never using color. */
  public static ProgressDisplay open(PrintStream out) {
    if (System.console() == null || "dumb".equals(System.getenv("TERM"))) {
      return new ProgressDisplay(out, null);
    }
    try {
      Terminal terminal = TerminalBuilder.builder().system(true).dumb(false).build();
      return new ProgressDisplay(out, terminal);
    } catch (IOException | RuntimeException e) {
      return new ProgressDisplay(out, null);
    }
  }

  /** A display on a given terminal writing to {@code out} (tests: a terminal over the same stream). */
  static ProgressDisplay onTerminal(PrintStream out, Terminal terminal) {
    return new ProgressDisplay(out, terminal);
  }

  public synchronized void update(String text) {
    if (text.equals(last)) {
      return;
    }
    last = text;
    if (terminal == null) {
      out.println(text);
      return;
    }
    int width = Math.max(20, terminal.getWidth() - 1);
    String shown = text.length() > width ? text.substring(0, width - 1) + "…" : text;
    out.print("\r" + shown + " ".repeat(Math.max(0, width - shown.length())) + "\r" + shown);
    out.flush();
  }

  /**
   * Ends the live line so the final message starts on a fresh one. The terminal is only asked for its width and is
   * not closed: closing jline's system terminal closes the process's standard output, and the result line a command
   * prints after its wait (a backup's snapshot ID and size) was lost on terminals. The process ends soon after.
   */
  @Override
  public synchronized void close() {
    if (terminal != null && !last.isEmpty()) {
      out.println();
      out.flush();
    }
  }
}
