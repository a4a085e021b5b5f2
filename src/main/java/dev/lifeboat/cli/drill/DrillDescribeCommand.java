package dev.lifeboat.cli.drill;

import dev.lifeboat.api.Drill;
import dev.lifeboat.api.DrillStatus;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.DescribeReads;
import dev.lifeboat.cli.Describer;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.output.Ages;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lifeboat drill describe NAME}: what was drilled, how long it took, the scratch, phase history, Events. */
@Command(name = "describe", description = "Show a Drill in detail: the Backup, RTO, what came back, the scratch claim,"
    + " phase history, Events.")
public final class DrillDescribeCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Override
  protected int run() {
    DescribeReads reads = DescribeReads.of(this);
    Drill d = reads.require(Drill.class, name);
    Describer out = new Describer(out(), clock().instant());
    out.header(d);
    var spec = d.getSpec();
    out.field("Drills", spec.backup != null ? "Backup " + spec.backup : spec.latestOfPvc != null
        ? "the newest Ready Backup of claim " + spec.latestOfPvc : "the newest Ready Backup of Schedule " + spec.latestOfSchedule);
    out.field("Verify command", spec.verifyCommand == null ? null : String.join(" ", spec.verifyCommand));
    out.field("Keep failed", spec.keepFailedOrDefault());
    DrillStatus s = d.getStatus();
    if (s != null) {
      out.field("Phase", s.phase);
      out.field("Message", s.message);
      out.field("Backup", s.backup == null ? null : s.backup + (s.pvc == null ? "" : " (claim " + s.pvc + ")")
          + (s.backupAgeSeconds == null ? "" : ", " + Ages.format(Duration.ofSeconds(s.backupAgeSeconds)) + " old"));
      out.field("Repository", s.repository);
      out.field("Snapshot", s.snapshotId);
      out.field("RTO", s.rtoSeconds == null ? null : s.rtoSeconds + "s (start to verified)");
      out.field("Restored", s.restoredFiles == null ? null : s.restoredFiles + " files, " + Ages.bytes(s.restoredBytes));
      out.field("Scratch claim", s.scratchPvc == null ? null : s.scratchPvc + (Boolean.TRUE.equals(s.scratchDeleted)
          ? " (deleted)" : s.scratchKeptUntil != null ? " (kept until " + s.scratchKeptUntil + ")" : ""));
      out.field("Restore", s.restore);
      out.field("Failure", s.failure);
      if (!s.history.isEmpty()) {
        out().println("Phase history:");
        s.history.forEach(h -> out().printf("  %-30s %-10s %s%n", h.time, h.phase, h.message == null ? "" : h.message));
      }
    }
    out.jobs(reads, d);
    out.events(reads, d);
    return ExitCodes.OK;
  }
}
