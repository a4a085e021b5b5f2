package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RepositoryStatus extends UnknownFields {
  public RepositoryPhase phase;
  public Long observedGeneration;
  public String message;
  public String initJobName;
  /** True when the init Job created the repository (rather than finding it). */
  public Boolean created;
  public String readyTime;
  /**
   * A hash of the spec fields that decide how the repository is opened (URL, Secrets, init) as of the
   * last check: a change of anything else (maintenance, deletion policy, import) needs no new check.
   */
  public String connection;
  public List<Condition> conditions = new ArrayList<>();
  /** The maintenance Job running now, if any. */
  public MaintenanceRun running;
  /** Per task: the last run, its outcome, the next scheduled run. */
  public List<MaintenanceStatus> maintenance = new ArrayList<>();
  /** Bytes of data in the repository (restic stats --mode raw-data), as of the last check or prune. */
  public Long sizeBytes;
  /** Snapshots in the repository, as of the last verify. */
  public Integer snapshots;
  /** Snapshots that no Backup claims, as of the last verify ('lifeboat repository describe' lists them). */
  public Integer unclaimedSnapshots;
  /** Ready Backups whose snapshot the last verify did not find. */
  public Integer missingSnapshots;

  /** The entry of {@code task}, created when missing. */
  public MaintenanceStatus task(MaintenanceTask task) {
    for (MaintenanceStatus entry : maintenance) {
      if (entry.task == task) {
        return entry;
      }
    }
    MaintenanceStatus entry = new MaintenanceStatus();
    entry.task = task;
    maintenance.add(entry);
    return entry;
  }

  /** The entry of {@code task}, or null. */
  public MaintenanceStatus find(MaintenanceTask task) {
    return maintenance.stream().filter(e -> e.task == task).findFirst().orElse(null);
  }
}
