package dev.lifeboat.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LabelSelector;

/**
 * When and what a {@link Schedule} backs up: a cron in a time zone, one PVC or every PVC matching a
 * selector (in the Schedule's namespace), the Backup template and the retention policy.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScheduleSpec extends UnknownFields {
  @Required
  @JsonPropertyDescription("Cron expression (5 fields), a macro (@hourly, @daily, @weekly, @monthly, @yearly) or a"
      + " spread macro (@hourly-random, @daily-random, @weekly-random, @monthly-random: a stable time picked from a"
      + " hash of namespace/name).")
  public String cron;

  @JsonPropertyDescription("IANA time zone the cron is read in, e.g. Europe/Berlin. Default UTC.")
  public String timeZone;

  @Required
  @Pattern(Names.DNS_SUBDOMAIN)
  @JsonPropertyDescription("Repository (same namespace) that receives the snapshots.")
  public String repository;

  @Pattern(Names.DNS_SUBDOMAIN)
  @JsonPropertyDescription("The one PVC to back up. Exactly one of pvc, pvcSelector and source.")
  public String pvc;

  @JsonPropertyDescription("Back up every PVC of the namespace matching this label selector, one Backup each per run.")
  public LabelSelector pvcSelector;

  @JsonPropertyDescription("Only for a Schedule in lifeboat's own namespace: back up the claims matching pvcSelector in"
      + " every namespace matching this label selector, each Backup in its claim's namespace against that namespace's"
      + " Repository named spec.repository. A namespace without one is reported in status and by an Event.")
  public LabelSelector namespaceSelector;

  @JsonPropertyDescription("Only for a Schedule in lifeboat's own namespace: as namespaceSelector, by name.")
  public List<String> namespaces;

  /** Whether the Schedule selects claims across namespaces (namespaceSelector or namespaces). */
  public boolean crossNamespace() {
    return namespaceSelector != null || namespaces != null && !namespaces.isEmpty();
  }

  @JsonPropertyDescription("An application to back up instead of claims (postgres, openbao/vault, tidb or command, as in"
      + " a Backup's spec.source): one Backup per run.")
  public BackupSource source;

  /**
   * What a run's Backups are grouped by (Forbid, locks, retention, per-unit status): the claim's
   * name, or for an application source its kind ("postgres").
   */
  public static String unitOf(BackupSource source) {
    return source == null ? null : source.isClaim() ? source.pvc : source.kind() == null ? "source" : source.kind().name();
  }

  @JsonPropertyDescription("What every Backup of this Schedule gets (tags, backoffLimit, timeout, ...).")
  public BackupTemplate backupTemplate;

  @JsonPropertyDescription("restic's keep-* rules, applied per PVC to this Schedule's Ready Backups after each run.")
  public RetentionPolicy retention;

  @JsonPropertyDescription("Forbid (default): no new Backup of a PVC while its previous scheduled one is unfinished."
      + " Allow: always start.")
  public ConcurrencyPolicy concurrencyPolicy;

  @Min(1)
  @JsonPropertyDescription("A run that could not start within this many seconds of its time is skipped (with an Event).")
  public Long startingDeadlineSeconds;

  @JsonPropertyDescription("True: create no Backups until resumed (retention still applies).")
  public Boolean suspend;

  @JsonPropertyDescription("Restore a newly created claim matching pvc/pvcSelector from the latest Ready Backup of a"
      + " claim of the same name (mode IfEmpty: a claim with data in it is never overwritten), stopping the"
      + " workloads that mount it meanwhile. For namespaces re-created from Git. Default false.")
  public Boolean autoRestore;

  @JsonPropertyDescription("Restore drills of this Schedule's claims and source: at each fire time of drill.cron, the"
      + " newest Ready Backup of each is restored into a scratch claim and verified (a Drill each).")
  public ScheduleDrill drill;

  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription("Recovery point objective: how old the newest Ready Backup of a claim may be before"
      + " 'lifeboat status' calls it stale, e.g. 36h. Default 1.5 x the interval of the cron.")
  public String rpo;

  public boolean autoRestores() {
    return Boolean.TRUE.equals(autoRestore);
  }

  @JsonPropertyDescription("Controller (default): the lifeboat controller fires the runs. CronJob: a Kubernetes CronJob"
      + " <name>-backup runs 'lifeboat backup create --from-schedule', so runs happen with no controller.")
  public ScheduleMode mode;

  public boolean suspended() {
    return Boolean.TRUE.equals(suspend);
  }

  public ConcurrencyPolicy concurrencyOrDefault() {
    return concurrencyPolicy == null ? ConcurrencyPolicy.Forbid : concurrencyPolicy;
  }

  public ScheduleMode modeOrDefault() {
    return mode == null ? ScheduleMode.Controller : mode;
  }

  public enum ConcurrencyPolicy {
    Forbid,
    Allow
  }

  public enum ScheduleMode {
    Controller,
    CronJob
  }
}
