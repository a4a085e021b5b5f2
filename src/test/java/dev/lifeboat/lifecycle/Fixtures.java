package dev.lifeboat.lifecycle;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.BackupSource;
import dev.lifeboat.api.BackupSpec;
import dev.lifeboat.api.BackupStatus;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.RepositoryPhase;
import dev.lifeboat.api.RepositorySpec;
import dev.lifeboat.api.RepositoryStatus;
import dev.lifeboat.api.SecretKeyRef;
import dev.lifeboat.api.BackupSummary;

public final class Fixtures {
  private Fixtures() {}

  public static Backup backup(BackupPhase phase) {
    Backup b = new Backup();
    b.getMetadata().setName("nightly");
    b.getMetadata().setNamespace("prod");
    b.getMetadata().setGeneration(1L);
    b.setSpec(new BackupSpec());
    b.getSpec().repository = "repo";
    b.getSpec().source = new BackupSource("data");
    if (phase != null) {
      b.setStatus(new BackupStatus());
      b.getStatus().phase = phase;
      if (phase != BackupPhase.Pending) {
        b.getStatus().jobName = "nightly-backup";
      }
    }
    return b;
  }

  public static Repository repository(RepositoryPhase phase, Long observedGeneration, long generation) {
    Repository r = new Repository();
    r.getMetadata().setName("repo");
    r.getMetadata().setNamespace("prod");
    r.getMetadata().setGeneration(generation);
    r.setSpec(new RepositorySpec());
    r.getSpec().url = "s3:http://minio/bucket";
    r.getSpec().passwordSecretRef = new SecretKeyRef("repo-restic", "password");
    if (phase != null) {
      r.setStatus(new RepositoryStatus());
      r.getStatus().phase = phase;
      r.getStatus().observedGeneration = observedGeneration;
    }
    return r;
  }

  public static JobView succeeded(String name, JobReport report) {
    return new JobView(name, JobView.JobState.SUCCEEDED, 0, null, report);
  }

  public static JobView failed(String name, int attempts, String podMessage) {
    return new JobView(name, JobView.JobState.FAILED, attempts, "BackoffLimitExceeded: Job has reached the specified backoff limit",
        podMessage == null ? null : JobReport.failure(podMessage));
  }

  public static JobReport verifiedSnapshot(String id, boolean incomplete) {
    BackupSummary summary = new BackupSummary();
    summary.totalFilesProcessed = 10L;
    return new JobReport(true, "snapshot made", id, true, incomplete ? Boolean.TRUE : null, null, summary);
  }

  /** An application source: PostgreSQL database app on host db as role backup. */
  public static dev.lifeboat.api.BackupSource postgresSource() {
    dev.lifeboat.api.BackupSource source = new dev.lifeboat.api.BackupSource();
    source.postgres = new dev.lifeboat.api.PostgresSource();
    source.postgres.host = "db";
    source.postgres.database = "app";
    source.postgres.user = "backup";
    return source;
  }
}
