package dev.lifeboat.lifecycle.schedule;

import dev.lifeboat.api.BackupTemplate;
import dev.lifeboat.api.Durations;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.api.ScheduleSpec;
import dev.lifeboat.lifecycle.SourceChecks;
import java.util.ArrayList;
import java.util.List;

/** Everything wrong with a Schedule's spec, each problem naming its field: listed, never guessed. */
final class ScheduleValidation {
  private ScheduleValidation() {}

  static List<String> problems(Schedule schedule, ScheduleObservation observed) {
    ScheduleSpec spec = schedule.getSpec();
    List<String> problems = new ArrayList<>(observed.problems());
    int sources = (spec.pvc != null ? 1 : 0) + (spec.pvcSelector != null ? 1 : 0) + (spec.source != null ? 1 : 0);
    if (sources != 1) {
      problems.add("source: set exactly one of pvc, pvcSelector and source");
    } else if (spec.source != null && spec.source.isClaim()) {
      problems.add("source.pvc: use spec.pvc (or pvcSelector) for claims; spec.source is for applications");
    } else if (spec.source != null) {
      SourceChecks.problems(spec.source).forEach(p -> problems.add(p.replaceFirst("^spec\\.", "")));
    }
    if (spec.crossNamespace()) {
      if (spec.pvcSelector == null) {
        problems.add("namespaceSelector: selects claims in other namespaces, which needs pvcSelector (not pvc or source)");
      }
      if (spec.autoRestores()) {
        problems.add("autoRestore: not with namespaceSelector (restore a claim of another namespace from there)");
      }
      if (spec.modeOrDefault() == ScheduleSpec.ScheduleMode.CronJob) {
        problems.add("mode: CronJob runs in the Schedule's namespace only; use mode Controller with namespaceSelector");
      }
    }
    if (spec.repository == null || spec.repository.isEmpty()) {
      problems.add("repository: required");
    } else if (!spec.crossNamespace() && !observed.repositoryExists()) {
      problems.add("repository: Repository \"" + spec.repository + "\" does not exist in namespace "
          + schedule.getMetadata().getNamespace() + " (create it, or fix the name)");
    }
    problems.addAll(ScheduleDrills.problems(spec));
    try {
      RetentionPlanner.rules(spec.retention);
    } catch (IllegalArgumentException e) {
      problems.add("retention." + e.getMessage());
    }
    BackupTemplate template = spec.backupTemplate;
    if (template != null) {
      if (template.backoffLimit != null && (template.backoffLimit < 0 || template.backoffLimit > 10)) {
        problems.add("backupTemplate.backoffLimit: " + template.backoffLimit + " is not between 0 and 10");
      }
      problems.addAll(dev.lifeboat.lifecycle.backup.CopyChecks.problems("backupTemplate.", template.copyMethod,
          template.volumeSnapshotClassName, template.hooks, spec.source == null ? null : spec.source.isClaim()));
      if (Durations.timeoutProblem("startTimeout", template.startTimeout) != null) {
        problems.add("backupTemplate." + Durations.timeoutProblem("startTimeout", template.startTimeout));
      }
      if (template.timeout != null && Durations.timeoutProblem(template.timeout) != null) {
        problems.add("backupTemplate." + Durations.timeoutProblem(template.timeout).replaceFirst("^spec\\.", ""));
      }
      for (String tag : template.tags == null ? List.<String>of() : template.tags) {
        if (tag == null || tag.isEmpty() || tag.contains(",") || tag.matches(".*\\s.*")) {
          problems.add("backupTemplate.tags: '" + tag + "' is not a restic tag (no commas or spaces)");
        }
      }
    }
    if (spec.startingDeadlineSeconds != null && spec.startingDeadlineSeconds < 1) {
      problems.add("startingDeadlineSeconds: must be 1 or more");
    }
    return problems;
  }
}
