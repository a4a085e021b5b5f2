package dev.lifeboat.lifecycle.drill;

import dev.lifeboat.api.DrillSpec;
import dev.lifeboat.api.Durations;
import java.util.ArrayList;
import java.util.List;

/** What is wrong with a Drill's spec, each problem naming its field: the CLI and the controller ask the same. */
public final class DrillChecks {
  private DrillChecks() {}

  public static List<String> problems(DrillSpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      return List.of("spec is required: set spec.backup, spec.latestOfPvc or spec.latestOfSchedule");
    }
    int sources = (blank(spec.backup) ? 0 : 1) + (blank(spec.latestOfPvc) ? 0 : 1) + (blank(spec.latestOfSchedule) ? 0 : 1);
    if (sources != 1) {
      problems.add("set exactly one of spec.backup, spec.latestOfPvc and spec.latestOfSchedule (--from-backup,"
          + " --latest-of-pvc, --latest-of-schedule)");
    }
    if (spec.verifyCommand != null && (spec.verifyCommand.isEmpty() || spec.verifyCommand.stream().anyMatch(DrillChecks::blank))) {
      problems.add("spec.verifyCommand needs a program and no empty arguments, e.g. [\"/bin/sh\", \"-c\", \"test -s $DRILL_PATH/db\"]");
    }
    String keep = keepFailedProblem(spec.keepFailed);
    if (keep != null) {
      problems.add(keep);
    }
    String timeout = Durations.timeoutProblem(spec.timeout);
    if (timeout != null) {
      problems.add(timeout);
    }
    String start = Durations.timeoutProblem("spec.startTimeout", spec.startTimeout);
    if (start != null) {
      problems.add(start);
    }
    return problems;
  }

  /** Why {@code keepFailed} is no duration, or null. */
  public static String keepFailedProblem(String keepFailed) {
    if (keepFailed == null) {
      return null;
    }
    try {
      Durations.parse(keepFailed);
      return null;
    } catch (IllegalArgumentException e) {
      return "spec.keepFailed \"" + keepFailed + "\" is no duration: use e.g. 24h, 90m or 0s";
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
