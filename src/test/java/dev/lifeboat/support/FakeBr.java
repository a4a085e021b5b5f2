package dev.lifeboat.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A fake {@code br} on the PATH of the sandbox's pods: it appends its arguments (one line per run)
 * to {@code calls.log} and can be told to fail a subcommand ({@link #fail}) like br does, or to
 * reject its flags with br's usage text ({@link #rejectFlags}). Flags as br documents them: {@code br
 * backup full --pd PD --storage URL}, {@code br restore full ...}, {@code br abort restore full ...}.
 */
public final class FakeBr {
  private final Path dir;

  public FakeBr(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    Path br = dir.resolve("br");
    Files.writeString(br, """
        #!/bin/bash
        here="$(dirname "$0")"
        echo "$*" >> "$here/calls.log"
        sub="$1"; [ "$1" = abort ] && sub="abort-$2"
        if [ -e "$here/usage-$sub" ]; then
          echo "Error: unknown flag: --pd"
          echo "Usage:"
          echo "  br $1 [command]"
          exit 1
        fi
        if [ -e "$here/fail-$sub" ]; then
          echo "[2026/11/30 12:00:00.000 +00:00] [ERROR] [main.go:58] [\\"br failed\\"] [error=\\"$(cat "$here/fail-$sub")\\"]" >&2
          echo "Error: $(cat "$here/fail-$sub")" >&2
          exit 1
        fi
        echo "[INFO] [collector.go:77] [\\"Full $1 success summary\\"] [total-ranges=12]"
        """);
    Files.setPosixFilePermissions(br, PosixFilePermissions.fromString("rwxr-xr-x"));
    // It records its calls beside itself, whichever user the Job's pod runs as.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
  }

  public Path dir() {
    return dir;
  }

  /** Makes {@code br SUB ...} fail with {@code message} (SUB: backup, restore, abort-restore). */
  public void fail(String sub, String message) throws IOException {
    Files.writeString(dir.resolve("fail-" + sub), message);
  }

  public void rejectFlags(String sub) throws IOException {
    Files.writeString(dir.resolve("usage-" + sub), "");
  }

  public void reset() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(f -> f.getFileName().toString().matches("(fail|usage)-.*")).toList()) {
        Files.delete(f);
      }
    }
  }

  public List<String> calls() throws IOException {
    Path log = dir.resolve("calls.log");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }
}
