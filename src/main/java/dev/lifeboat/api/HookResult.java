package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One hook run in one pod, as the Backup's status records it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HookResult extends UnknownFields {
  /** pre or post. */
  public String stage;
  /** The hook, as {@link BackupHook#describe()} writes it (or its pod annotation). */
  public String hook;
  public String pod;
  public String container;
  /** The command's exit code; null when it did not run to an end (timed out, no such pod, the exec failed). */
  public Integer exitCode;
  public Long durationMillis;
  /** The last lines of its output (stdout and stderr), Secret values of the pod's container redacted. */
  public String output;
  /** Why it failed when not by its exit code. */
  public String error;
  /** Whether this failure fails the Backup (onError Fail). */
  public Boolean failsBackup;

  public HookResult() {}

  public HookResult(String stage, String hook, String pod, String container) {
    this.stage = stage;
    this.hook = hook;
    this.pod = pod;
    this.container = container;
  }

  public boolean succeeded() {
    return error == null && exitCode != null && exitCode == 0;
  }

  /** A failed run as one sentence: the hook, the pod and what went wrong. */
  public String failure() {
    return stage + " hook \"" + hook + "\" " + (pod == null ? "" : "in pod " + pod + (container == null ? "" : "/" + container) + " ")
        + (error != null ? error : "exited with code " + exitCode) + (output == null || output.isBlank() ? ""
            : ": " + output.strip().lines().reduce((a, b) -> b).orElse(""));
  }
}
