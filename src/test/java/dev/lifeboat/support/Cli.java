package dev.lifeboat.support;

import dev.lifeboat.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the real command-line entry point in-process and keeps what it printed. */
public final class Cli {
  public record Result(int exitCode, String out, String err) {
    public String all() {
      return out + err;
    }
  }

  private Cli() {}

  /** {@code lifeboat --kubeconfig FILE args...}. */
  public static Result against(String kubeconfig, String... args) {
    String[] full = new String[args.length + 2];
    full[0] = "--kubeconfig";
    full[1] = kubeconfig;
    System.arraycopy(args, 0, full, 2, args.length);
    return run(full);
  }

  public static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
         PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.execute(args, o, e);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
