package dev.lifeboat.manager;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The version of the restic this process would run ({@code restic version}), or null when there is none. */
public final class ResticVersion {
  private static final Pattern VERSION = Pattern.compile("^restic (\\S+)");

  private ResticVersion() {}

  public static String installed(String binary) {
    try {
      Process process = new ProcessBuilder(binary, "version").redirectErrorStream(true).start();
      process.getOutputStream().close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return null;
      }
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      Matcher m = VERSION.matcher(out);
      return process.exitValue() == 0 && m.find() ? m.group(1) : null;
    } catch (IOException e) {
      return null; // not installed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The restic the Jobs' manager runs ({@code LIFEBOAT_RESTIC}, else restic on the PATH). */
  public static String installed() {
    return installed(System.getenv().getOrDefault("LIFEBOAT_RESTIC", "restic"));
  }
}
