package dev.lifeboat.lifecycle.schedule;

import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Restore;
import dev.lifeboat.api.RestoreMode;
import dev.lifeboat.api.RestoreSpec;
import dev.lifeboat.api.RestoreTarget;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.api.StopApplications;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Action.EventType;
import dev.lifeboat.lifecycle.JobNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A Schedule's {@code autoRestore}: a claim it covers that was created after the latest Ready
 * Backup of a claim of that name (a namespace re-created from Git, a volume lost) gets a Restore of
 * that Backup, once per claim (the Restore's name carries the claim's uid). The Restore runs in mode
 * IfEmpty, so a claim with data in it is never overwritten, and stops the workloads that mount the
 * claim until the data is back.
 *
 * <pre>
 *   claim created after its latest Ready Backup, no Restore for this uid yet
 *        ──► create Restore &lt;pvc&gt;-auto-restore-&lt;uid hash&gt;   (then the Restore lifecycle runs it)
 * </pre>
 */
public final class AutoRestore {
  private AutoRestore() {}

  /**
   * A claim the Schedule covers, with what auto-restore needs to know of it.
   *
   * @param backup the latest Ready Backup (any, imported ones too) whose source is a claim of this name, or null
   * @param backupTime when that Backup's snapshot was taken
   * @param restoreExists whether this claim's (this uid's) auto-restore Restore exists already
   * @param workloads deployment/NAME and statefulset/NAME that mount the claim
   */
  public record Candidate(String pvc, String uid, Instant created, String backup, Instant backupTime,
      boolean restoreExists, List<String> workloads) {}

  public static String restoreName(String pvc, String uid) {
    return JobNames.fit(JobNames.fit(pvc, 40) + "-auto-restore-" + JobNames.shortHash(uid), 253);
  }

  public static List<Action> actions(Schedule schedule, List<Candidate> candidates) {
    List<Action> actions = new ArrayList<>();
    if (!schedule.getSpec().autoRestores()) {
      return actions;
    }
    for (Candidate c : candidates) {
      if (c.backup() == null || c.restoreExists() || c.created() == null || c.backupTime() == null
          || !c.created().isAfter(c.backupTime())) {
        continue; // nothing to restore from, already done, or the claim is older than its data
      }
      actions.add(new Action.CreateRestore(restore(schedule, c)));
      actions.add(new Action.RecordEvent(EventType.Normal, "AutoRestore", "claim " + c.pvc()
          + " is new: restoring it from Backup " + c.backup() + " (only if it is empty)"));
    }
    return actions;
  }

  private static Restore restore(Schedule schedule, Candidate c) {
    Restore r = new Restore();
    r.getMetadata().setName(restoreName(c.pvc(), c.uid()));
    r.getMetadata().setNamespace(schedule.getMetadata().getNamespace());
    var labels = new LinkedHashMap<String, String>();
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    labels.put(Labels.SCHEDULE, JobNames.labelValue(schedule.getMetadata().getName()));
    labels.put(Labels.PVC, JobNames.labelValue(c.pvc()));
    r.getMetadata().setLabels(labels);
    RestoreSpec spec = new RestoreSpec();
    spec.backup = c.backup();
    spec.target = new RestoreTarget();
    spec.target.pvc = c.pvc();
    spec.mode = RestoreMode.IfEmpty;
    if (!c.workloads().isEmpty()) {
      spec.stopApplications = new StopApplications();
      spec.stopApplications.workloads = new ArrayList<>(c.workloads());
    }
    r.setSpec(spec);
    return r;
  }
}
