package dev.lifeboat.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.lifecycle.JobReport;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The termination-message contract between a lifeboat Job and the controller: one line of JSON
 * (at most 4 KiB, the kubelet's limit). A message that is not such JSON (kubelet fell back to the
 * log tail because the pod died first) is kept as the failure reason, as text.
 */
public final class JobReportCodec {
  /**
   * The exit code by which a lifeboat Job's pod says "retrying cannot help" (a damaged repository):
   * the Job's podFailurePolicy fails the Job at once on it.
   */
  public static final int NO_RETRY_EXIT_CODE = 42;

  /** Kubernetes truncates termination messages beyond this many bytes. */
  public static final int MAX_BYTES = 4096;
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private JobReportCodec() {}

  public static String encode(JobReport report) {
    try {
      String json = MAPPER.writeValueAsString(report);
      if (json.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES && report.message() != null) {
        String shorter = report.message().substring(0, Math.min(report.message().length(), 1000)) + "…";
        json = MAPPER.writeValueAsString(new JobReport(report.ok(), shorter, report.snapshotId(), report.verified(),
            report.incomplete(), report.created(), report.summary(), report.maintenance(), report.restic()));
      }
      return json;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JobReport always serializes", e);
    }
  }

  /** Null for no message; a text-only failure report for anything that is not our JSON. */
  public static JobReport decode(String message) {
    if (message == null || message.isBlank()) {
      return null;
    }
    String trimmed = message.trim();
    if (trimmed.startsWith("{")) {
      try {
        return MAPPER.readValue(trimmed, JobReport.class);
      } catch (JsonProcessingException e) {
        // fall through: treat as text
      }
    }
    return JobReport.failure(lastLines(trimmed, 5));
  }

  private static String lastLines(String text, int count) {
    String[] lines = text.split("\n");
    int from = Math.max(0, lines.length - count);
    return String.join(" | ", Arrays.copyOfRange(lines, from, lines.length)).trim();
  }
}
