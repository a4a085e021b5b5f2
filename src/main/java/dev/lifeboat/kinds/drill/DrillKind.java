package dev.lifeboat.kinds.drill;

import dev.lifeboat.api.Drill;
import dev.lifeboat.api.DrillPhase;
import dev.lifeboat.kind.Kind;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.output.Column;
import java.util.List;
import java.util.Set;

/** The Drill kind: one restore drill of one Backup into a scratch claim. */
public final class DrillKind {
  public static final Kind<Drill> KIND = new Kind<>(Drill.class, "drills", List.of("drill", "dr"), List.of(
      Column.of("PHASE", (d, now) -> d.getStatus() == null ? "" : String.valueOf(d.getStatus().phase)),
      Column.of("BACKUP", (d, now) -> d.getStatus() != null && d.getStatus().backup != null ? d.getStatus().backup
          : d.getSpec().backup != null ? d.getSpec().backup : d.getSpec().latestOfPvc != null
          ? "latest of " + d.getSpec().latestOfPvc : Column.text(d.getSpec().latestOfSchedule)),
      Column.of("RTO", (d, now) -> d.getStatus() == null || d.getStatus().rtoSeconds == null ? ""
          : d.getStatus().rtoSeconds + "s"),
      Column.wide("MESSAGE", (d, now) -> d.getStatus() == null ? "" : Column.text(d.getStatus().message)),
      Column.age()),
      new DrillReconciler(),
      // a Schedule's drills (spec.drill.cron), and only its newest kept
      Set.of("create", "delete"), Set.of(),
      new Kind.Logs<>(List.of(JobPurpose.DRILL_VERIFY), d -> d.getStatus() != null
          && d.getStatus().phase == DrillPhase.Failed ? "drill " + d.getMetadata().getName() + " Failed: "
          + d.getStatus().message : null));

  private DrillKind() {}
}
