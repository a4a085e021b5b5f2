package dev.lifeboat.output;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;

/** On a terminal, the line a command prints after its wait (a backup's snapshot and size) must still reach it. */
class ProgressDisplayTest {
  @Test
  void theResultLineAfterTheLiveLineIsPrinted() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    // A terminal over the command's own output stream, as the system terminal is over stdout: closing it closes it.
    Terminal terminal = TerminalBuilder.builder().system(false).streams(new ByteArrayInputStream(new byte[0]), out)
        .dumb(true).build();
    try (ProgressDisplay display = ProgressDisplay.onTerminal(out, terminal)) {
      display.update("backup first: Running");
      display.update("backup first: Ready");
    }
    out.println("backup first is Ready: snapshot 0123abcd (3 files, 18 B)");
    String shown = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(shown.contains("\rbackup first: Ready"), shown);
    assertTrue(shown.endsWith("backup first is Ready: snapshot 0123abcd (3 files, 18 B)\n"), shown);
  }
}
