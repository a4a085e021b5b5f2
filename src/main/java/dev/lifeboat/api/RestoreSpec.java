package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreSpec extends UnknownFields {
  @Pattern(Names.DNS_SUBDOMAIN)
  @JsonPropertyDescription("Backup to restore. Exactly one of backup and snapshot.")
  public String backup;

  @JsonPropertyDescription("Snapshot to restore without a Backup object. Exactly one of backup and snapshot.")
  public SnapshotRef snapshot;

  public RestoreTarget target;

  @JsonPropertyDescription("Replace (default) makes the target exactly the snapshot; Merge restores beside existing data.")
  public RestoreMode mode;
  public StopApplications stopApplications;

  @JsonPropertyDescription("Scale stopped applications back up when the restore fails. Default true.")
  public Boolean startApplicationsOnFailure;

  @JsonPropertyDescription("AfterFailed runs the cleanup Job when the restore fails. Default Never.")
  public PruneMode prune;

  @Min(0)
  @Max(10)
  public Integer backoffLimit;

  public Boolean force;

  @JsonPropertyDescription("Take over the target's operation lock from its holder; only together with force.")
  public Boolean overrideOperationLock;

  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription("How long each Job of the restore (check, restore, cleanup) may run (activeDeadlineSeconds), e.g. 30m. Default 4h.")
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

  @JsonPropertyDescription("This restore's Job pods: over the Repository's jobTemplate, field by field.")
  public JobTemplate jobTemplate;

  @JsonPropertyDescription("Set by 'lifeboat abort restore': stop the restore.")
  public Boolean abort;

  public RestoreMode modeOrDefault() {
    return mode == null ? RestoreMode.Replace : mode;
  }

  public boolean startApplicationsOnFailureOrDefault() {
    return startApplicationsOnFailure == null || startApplicationsOnFailure;
  }

  public boolean pruneAfterFailed() {
    return prune == PruneMode.AfterFailed;
  }
}
