package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupSpec extends UnknownFields {
  public static final int DEFAULT_BACKOFF_LIMIT = 2;
  public static final int DEFAULT_TTL_SECONDS = 86_400;

  @Required
  @Pattern(Names.DNS_SUBDOMAIN)
  @JsonPropertyDescription("Name of the Repository (same namespace) that receives the snapshot.")
  public String repository;

  @Required
  @JsonPropertyDescription("What to back up.")
  public BackupSource source;

  @JsonPropertyDescription("Extra restic tags for the snapshot.")
  public List<@Pattern("^[^,\\s]+$") String> tags = new ArrayList<>();

  @Min(0)
  @Max(10)
  @JsonPropertyDescription("Retries of the backup Job's pod before the Backup is Failed. Default 2.")
  public Integer backoffLimit;

  @Min(0)
  @JsonPropertyDescription("Seconds a finished Job is kept before Kubernetes deletes it. Default 86400.")
  public Integer ttlSecondsAfterFinished;

  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription("How long the backup Job may run (its activeDeadlineSeconds), e.g. 30m or 2h. Default 4h.")
  public String timeout;

  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription("How long a Job's pod may take to start (be scheduled, attach its volumes, pull its image)"
      + " before the run fails with Kubernetes' reason (FailedScheduling, FailedAttachVolume, FailedCreate), e.g. 5m."
      + " Default 10m.")
  public String startTimeout;

  @JsonPropertyDescription(MoverSecurityContext.FIELD)
  public MoverSecurityContext moverSecurityContext;

  @JsonPropertyDescription(MoverSecurityContext.PRIVILEGED_FIELD)
  public Boolean privilegedMover;

  @JsonPropertyDescription("This backup's Job pods: over the Repository's jobTemplate, field by field.")
  public JobTemplate jobTemplate;

  @JsonPropertyDescription("Retain (default for 'backup create'): deleting the Backup leaves its snapshot in the"
      + " repository. Delete (default for scheduled Backups): deleting the Backup forgets its snapshot first"
      + " (finalizer lifeboat.dev/forget; space is reclaimed by the repository's prune).")
  public DeletionPolicy deletionPolicy;

  @JsonPropertyDescription("How the claim is read: Direct (default: the live volume), Snapshot (a VolumeSnapshot, then"
      + " a temporary claim from it) or Clone (a temporary CSI clone of the claim). See docs/consistency.md.")
  public CopyMethod copyMethod;

  @Pattern(Names.DNS_SUBDOMAIN)
  @JsonPropertyDescription("With copyMethod Snapshot: the VolumeSnapshotClass. Default: the default class of the"
      + " claim's CSI driver.")
  public String volumeSnapshotClassName;

  @JsonPropertyDescription("Commands run in the application's pods before (pre) and after (post) the copy.")
  public BackupHooks hooks;

  @JsonPropertyDescription("Set by 'lifeboat abort backup': stop the backup; it ends Failed (Aborted).")
  public Boolean abort;

  @JsonPropertyDescription("Set by 'lifeboat repository import': this Backup stands for a snapshot found in the"
      + " repository (spec.snapshot); it is Ready at once and never runs a Job.")
  public Boolean imported;

  @JsonPropertyDescription("With imported: the snapshot this Backup stands for.")
  public ImportedSnapshot snapshot;

  public CopyMethod copyMethodOrDefault() {
    return copyMethod == null ? CopyMethod.Direct : copyMethod;
  }

  public boolean wasImported() {
    return Boolean.TRUE.equals(imported);
  }

  public boolean forgetsOnDelete() {
    return deletionPolicy == DeletionPolicy.Delete;
  }

  public enum DeletionPolicy {
    Retain,
    Delete
  }

  public int backoffLimitOrDefault() {
    return backoffLimit == null ? DEFAULT_BACKOFF_LIMIT : backoffLimit;
  }

  public int ttlOrDefault() {
    return ttlSecondsAfterFinished == null ? DEFAULT_TTL_SECONDS : ttlSecondsAfterFinished;
  }
}
