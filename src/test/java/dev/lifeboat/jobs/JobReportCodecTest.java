package dev.lifeboat.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.lifecycle.JobReport;
import org.junit.jupiter.api.Test;

class JobReportCodecTest {
  @Test
  void roundTrip() {
    JobReport report = new JobReport(true, "snapshot made", "abc", true, null, null, null);
    assertEquals(report, JobReportCodec.decode(JobReportCodec.encode(report)));
  }

  @Test
  void logTailFallbackBecomesATextFailure() {
    JobReport report = JobReportCodec.decode("line 1\nline 2\nFatal: wrong password or no key found\n");
    assertFalse(report.ok());
    assertTrue(report.message().endsWith("Fatal: wrong password or no key found"), report.message());
  }

  @Test
  void nothingWrittenMeansNoReport() {
    assertNull(JobReportCodec.decode(null));
    assertNull(JobReportCodec.decode("  "));
  }

  @Test
  void hugeMessagesAreCutToTheKubeletLimit() {
    String encoded = JobReportCodec.encode(JobReport.failure("x".repeat(10_000)));
    assertTrue(encoded.length() <= JobReportCodec.MAX_BYTES, "length " + encoded.length());
  }
}
