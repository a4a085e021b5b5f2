package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreStatus extends UnknownFields {
  public RestorePhase phase;
  public Long observedGeneration;
  public String message;
  /** Who the Job that reads or writes the claim ran as, and why (the pods' identity, privileged, given, lifeboat's). */
  public String mover;
  public List<String> validationErrors = new ArrayList<>();
  /** Resolved at validation: the claim restored into, the repository and the snapshot. */
  public String targetPvc;
  /** The application restored into ({@code postgres://host:port/db}, {@code openbao://host:port}): not a claim. */
  public String target;
  public String repository;
  public String snapshotId;
  public String restoreJobName;
  public String pruneJobName;
  /** Why the restore failed, kept while applications are started again before the terminal phase. */
  public String failure;
  /** True once the operation lock was taken: from then on a failure has something to clean up. */
  public Boolean lockTaken;
  /** True when the restore ended by a user's abort (the prune path then ends in Aborted). */
  public Boolean aborted;
  public List<PhaseChange> history = new ArrayList<>();
  public Integer attempts;
  public String lockHolder;
  public Map<String, Integer> savedReplicas = new LinkedHashMap<>();
  public String startTime;
  public String completionTime;
  public Long restoredBytes;
  public Long restoredFiles;
  /** The restic version the restore Job ran; a Warning Event (UntestedRestic) says when it is not the tested one. */
  public String resticVersion;
  /** What the restore Job said when it restored into an application (OpenBao: it may need unsealing). */
  public String result;
  public List<Condition> conditions = new ArrayList<>();
}
