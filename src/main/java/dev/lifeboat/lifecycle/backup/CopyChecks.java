package dev.lifeboat.lifecycle.backup;

import dev.lifeboat.api.BackupHook;
import dev.lifeboat.api.BackupHooks;
import dev.lifeboat.api.BackupSource;
import dev.lifeboat.api.CopyMethod;
import dev.lifeboat.api.Durations;
import java.util.ArrayList;
import java.util.List;

/** A Backup's (or a Schedule template's) copyMethod, volumeSnapshotClassName and hooks, field by field. */
public final class CopyChecks {
  private CopyChecks() {}

  /**
   * @param prefix the fields' path ({@code spec.} or {@code spec.backupTemplate.})
   * @param claimSource whether the source is a claim (null: a Schedule's, decided per run)
   */
  public static List<String> problems(String prefix, CopyMethod method, String snapshotClass, BackupHooks hooks,
      Boolean claimSource) {
    List<String> problems = new ArrayList<>();
    boolean copies = method != null && method != CopyMethod.Direct;
    if (Boolean.FALSE.equals(claimSource) && (copies || hooks != null && !hooks.isEmpty())) {
      problems.add(prefix + (copies ? "copyMethod applies" : "hooks apply") + " to a PVC source only: an application"
          + " source is read through its own tool (remove it, or back up the application's claim)");
    }
    if (snapshotClass != null && method != CopyMethod.Snapshot) {
      problems.add(prefix + "volumeSnapshotClassName needs copyMethod Snapshot");
    }
    if (hooks != null) {
      check(problems, prefix + "hooks.pre", hooks.pre);
      check(problems, prefix + "hooks.post", hooks.post);
    }
    return problems;
  }

  private static void check(List<String> problems, String field, List<BackupHook> hooks) {
    for (int i = 0; hooks != null && i < hooks.size(); i++) {
      BackupHook hook = hooks.get(i);
      String at = field + "[" + i + "]";
      int targets = (hook.pod == null ? 0 : 1) + (hook.workload == null ? 0 : 1) + (hook.selector == null ? 0 : 1);
      if (targets != 1) {
        problems.add(at + ": name exactly one of pod, workload (deployment/NAME) and selector (app=db)");
      }
      if (hook.selector != null && hook.selector.isBlank()) {
        problems.add(at + ".selector is empty: it would match every pod; name the pods (app=db)");
      }
      if (hook.command == null || hook.command.isEmpty() || hook.command.get(0).isBlank()) {
        problems.add(at + ".command is empty: give the program and its arguments ([/bin/sh, -c, 'sync'])");
      }
      String timeout = Durations.timeoutProblem(at + ".timeout", hook.timeout);
      if (timeout != null) {
        problems.add(timeout);
      }
    }
  }
}
