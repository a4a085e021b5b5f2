package dev.lifeboat.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A kept run log: redacted as the controller can (it reads no Secret), bounded to fit a ConfigMap, owned by the run. */
class RunLogsTest {
  private static final Container MAIN = new ContainerBuilder().withName("lifeboat")
      .addNewEnv().withName("RESTIC_PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", "repo-restic", false)
          .endValueFrom().endEnv()
      .addNewEnv().withName("HOME").withValue("/tmp").endEnv().build();

  private static Job job() {
    return new JobBuilder().withNewMetadata().withName("nightly-backup").withNamespace("prod")
        .addToLabels("lifeboat.dev/purpose", "backup")
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("lifeboat.dev/v1alpha1").withKind("Backup")
            .withName("nightly").withUid("u-1").build()).endMetadata().build();
  }

  @Test
  void whatASecretLooksLikeIsReplaced() {
    String log = "RESTIC_PASSWORD=hunter2 HOME=/tmp\nrepository s3:https://AKIA123:s3cr3t@minio.local/bucket opened\n";
    String redacted = RunLogs.redact(log, MAIN);
    assertFalse(redacted.contains("hunter2") || redacted.contains("s3cr3t") || redacted.contains("AKIA123"), redacted);
    assertTrue(redacted.contains("RESTIC_PASSWORD=[redacted]") && redacted.contains("HOME=/tmp"), redacted);
    assertTrue(redacted.contains("s3:https://[redacted]@minio.local/bucket"), redacted);
  }

  @Test
  void keptOwnedByTheRunAndReadBack() {
    ConfigMap kept = RunLogs.keep(job(), RunLogs.ownerOf(job()), "==> pod nightly-backup-x <==\nsnapshot 1a2b3c4d saved\n");
    assertEquals("nightly-backup-log", kept.getMetadata().getName());
    assertEquals("Backup", kept.getMetadata().getOwnerReferences().get(0).getKind());
    assertEquals(Boolean.FALSE, kept.getMetadata().getOwnerReferences().get(0).getBlockOwnerDeletion());
    assertEquals("true", kept.getMetadata().getLabels().get(RunLogs.LABEL));
    assertEquals("backup", kept.getMetadata().getLabels().get("lifeboat.dev/purpose"));
    assertTrue(RunLogs.read(kept).contains("snapshot 1a2b3c4d saved"));
    assertNull(RunLogs.keep(job(), null, "x"), "a Job of nobody keeps nothing");
  }

  @Test
  void aHugeLogKeepsItsEndWithinAConfigMap() {
    StringBuilder text = new StringBuilder();
    Random random = new Random(1);
    for (int i = 0; text.length() < 6 * 1024 * 1024; i++) {
      text.append("line ").append(i).append(' ').append(Long.toHexString(random.nextLong())).append(Long.toHexString(random.nextLong())).append('\n');
    }
    text.append("the outcome\n");
    ConfigMap kept = RunLogs.keep(job(), RunLogs.ownerOf(job()), text.toString());
    int stored = Base64.getDecoder().decode(kept.getBinaryData().get(RunLogs.KEY)).length;
    assertTrue(stored <= 900 * 1024, stored + " bytes stored");
    String back = RunLogs.read(kept);
    assertTrue(back.endsWith("the outcome\n") && back.startsWith("[… the first "), back.substring(0, 80));
  }
}
