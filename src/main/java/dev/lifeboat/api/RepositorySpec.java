package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RepositorySpec extends UnknownFields {
  /** The restic backends lifeboat accepts; a bare absolute path means a local repository. */
  public static final String URL_PATTERN = "^(s3:|gs:|azure:|rest:|b2:|swift:|sftp:|local:/|/).+";

  @Required
  @Pattern(URL_PATTERN)
  @JsonPropertyDescription("restic repository URL: s3:, gs:, azure:, rest:, b2:, swift:, sftp:, local:/path or /path.")
  public String url;

  @Required
  @JsonPropertyDescription("Secret key holding the repository password.")
  public SecretKeyRef passwordSecretRef;

  @JsonPropertyDescription("Secret whose keys become environment variables of every Job (e.g. AWS_ACCESS_KEY_ID);"
      + " with maintenanceCredentialsSecret, of the Jobs that write and read only (init, backup, verify, restore), and"
      + " it may then be write-only or append-only.")
  public String credentialsSecret;

  @JsonPropertyDescription("Secret whose keys become the environment of the Jobs that delete (maintenance: check,"
      + " prune, verify, unlock; forget; key changes; the removal of the data): credentials that may delete, kept"
      + " apart from those of backups so that a leaked backup credential cannot destroy the snapshots. Default: the"
      + " credentialsSecret for every Job.")
  public String maintenanceCredentialsSecret;

  @Min(1)
  @JsonPropertyDescription("At most this many of this repository's Jobs at once (backups wait as Pending, oldest"
      + " first, \"waiting: N of N slots busy\"); restores and maintenance are never held but count. Default: no"
      + " limit of its own (the controller's install-wide --max-concurrent-jobs still applies).")
  public Integer maxConcurrentJobs;

  @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$")
  @JsonPropertyDescription("Keep restic's cache between backups: each claim backed up into this repository gets a"
      + " cache claim of this size (lifeboat-cache-<repository>-<claim>, owned by the Repository), so an incremental"
      + " backup does not download the repository's index again. A Job whose cache claim another running Job has, and"
      + " every other Job, gets an emptyDir limited to this size. Absent: an emptyDir with no limit, empty every run.")
  public String cacheCapacity;

  @Pattern(Names.DNS_SUBDOMAIN)
  @JsonPropertyDescription("StorageClass of the cache claims (cacheCapacity). Absent: the cluster's default class.")
  public String cacheStorageClassName;

  @JsonPropertyDescription("Where and as whom every Job of this repository runs (serviceAccountName, nodeSelector, tolerations, affinity, priorityClassName, resources); a Backup's or Restore's own jobTemplate overrides it field by field.")
  public JobTemplate jobTemplate;

  @JsonPropertyDescription("A CA certificate (PEM) restic trusts for the repository's server (restic --cacert): an"
      + " on-premises object store with its own CA. The key defaults to ca.crt.")
  public SecretKeyRef caSecretRef;

  @io.fabric8.generator.annotation.Min(1)
  @JsonPropertyDescription("Upload limit of every Job of this repository in KiB/s (restic --limit-upload).")
  public Integer limitUploadKiB;

  @io.fabric8.generator.annotation.Min(1)
  @JsonPropertyDescription("Download limit of every Job of this repository in KiB/s (restic --limit-download).")
  public Integer limitDownloadKiB;

  @JsonPropertyDescription("Auto creates a missing repository; Never fails instead. Default Auto.")
  public InitPolicy init;

  @Min(0)
  @Max(10)
  @JsonPropertyDescription("Retries of the init Job before the Repository is Failed. Default 2.")
  public Integer backoffLimit;

  @JsonPropertyDescription("Check, prune and verify schedules. Absent: check and prune @weekly-random, verify"
      + " @daily-random.")
  public MaintenanceSpec maintenance;

  @JsonPropertyDescription("Retain (default): deleting the Repository leaves its data. Delete: a Job removes the"
      + " repository's data first (refused by 'lifeboat repository delete' while Backups or Restores use it).")
  public BackupSpec.DeletionPolicy deletionPolicy;

  @com.fasterxml.jackson.annotation.JsonProperty("import")
  @JsonPropertyDescription("After each verify, create a Ready Backup (spec.imported) for every snapshot no Backup"
      + " claims, as 'lifeboat repository import --namespace-from-host' does (disaster recovery).")
  public Boolean importSnapshots;

  @JsonPropertyDescription("The administrators' view of the whole URL: every namespace's snapshots (restic hosts), for"
      + " disaster recovery and import into any namespace. Allowed only in lifeboat's own namespace; elsewhere a"
      + " Repository sees and touches only the snapshots its namespace made.")
  public Boolean allNamespaces;

  public MaintenanceSpec maintenanceOrDefault() {
    return maintenance == null ? new MaintenanceSpec() : maintenance;
  }

  public boolean deletesData() {
    return deletionPolicy == BackupSpec.DeletionPolicy.Delete;
  }

  public boolean imports() {
    return Boolean.TRUE.equals(importSnapshots);
  }

  public InitPolicy initOrDefault() {
    return init == null ? InitPolicy.Auto : init;
  }
}
