package dev.lifeboat.manager;

import dev.lifeboat.jobs.JobReportCodec;
import dev.lifeboat.lifecycle.JobReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the Job's result where Kubernetes reads a container's termination message. */
public final class TerminationLog {
  private TerminationLog() {}

  public static Path path() {
    return Path.of(System.getenv().getOrDefault("LIFEBOAT_TERMINATION_LOG", "/dev/termination-log"));
  }

  public static void write(JobReport report) {
    String message = JobReportCodec.encode(report);
    try {
      Files.writeString(path(), message);
    } catch (IOException | SecurityException e) {
      // Not in a pod (a manual run): the log line below still carries the result.
    }
    System.out.println("result: " + message);
  }
}
