package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import java.util.ArrayList;
import java.util.List;

/** The fields of a Backup that a Schedule sets on every Backup it creates (the same as 'backup create' takes). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupTemplate extends UnknownFields {
  @JsonPropertyDescription("Extra restic tags for every snapshot.")
  public List<@Pattern("^[^,\\s]+$") String> tags = new ArrayList<>();

  @Min(0)
  @Max(10)
  @JsonPropertyDescription("Retries of each backup Job's pod. Default 2.")
  public Integer backoffLimit;

  @Min(0)
  @JsonPropertyDescription("Seconds a finished Job is kept. Default 86400.")
  public Integer ttlSecondsAfterFinished;

  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription("How long each backup Job may run, e.g. 30m. Default 4h.")
  public String timeout;

  @JsonPropertyDescription(MoverSecurityContext.FIELD)
  public MoverSecurityContext moverSecurityContext;

  @JsonPropertyDescription(MoverSecurityContext.PRIVILEGED_FIELD)
  public Boolean privilegedMover;

  @JsonPropertyDescription("Every scheduled backup's Job pods: over the Repository's jobTemplate, field by field.")
  public JobTemplate jobTemplate;

  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription("How long each backup Job's pod may take to start before the Backup fails with Kubernetes'"
      + " reason, e.g. 5m. Default 10m.")
  public String startTimeout;

  @JsonPropertyDescription("How each scheduled backup reads its claim: Direct (default), Snapshot or Clone.")
  public CopyMethod copyMethod;

  @Pattern(Names.DNS_SUBDOMAIN)
  @JsonPropertyDescription("With copyMethod Snapshot: the VolumeSnapshotClass (default: the driver's default class).")
  public String volumeSnapshotClassName;

  @JsonPropertyDescription("Commands run in the application's pods around each scheduled backup's copy.")
  public BackupHooks hooks;
}
