package dev.lifeboat.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Names;
import org.junit.jupiter.api.Test;

class JobNamesTest {
  @Test
  void shortNamesAreKeptAsTheyAre() {
    assertEquals("nightly-backup", JobNames.jobName("nightly", JobPurpose.BACKUP));
    assertEquals("repo-init-g3", JobNames.initJobName("repo", 3));
  }

  @Test
  void longNamesAreCutAndHashedIntoValidDistinctLabels() {
    String a = "a".repeat(70) + "-one";
    String b = "a".repeat(70) + "-two";
    String jobA = JobNames.jobName(a, JobPurpose.BACKUP);
    String jobB = JobNames.jobName(b, JobPurpose.BACKUP);
    assertTrue(jobA.length() <= 63, jobA);
    assertTrue(jobA.matches(Names.DNS_LABEL), jobA);
    assertNotEquals(jobA, jobB);
    assertEquals(jobA, JobNames.jobName(a, JobPurpose.BACKUP), "deterministic: the idempotency key");
  }

  @Test
  void cutNeverEndsOnADash() {
    String name = "x".repeat(51) + "-" + "y".repeat(30);
    String job = JobNames.jobName(name, JobPurpose.VERIFY);
    assertTrue(job.matches(Names.DNS_LABEL), job);
  }
}
