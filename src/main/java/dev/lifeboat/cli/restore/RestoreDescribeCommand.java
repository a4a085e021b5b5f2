package dev.lifeboat.cli.restore;

import dev.lifeboat.api.PhaseChange;
import dev.lifeboat.api.Restore;
import dev.lifeboat.api.RestoreStatus;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.DescribeReads;
import dev.lifeboat.cli.Describer;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.lifecycle.Locks;
import dev.lifeboat.output.Ages;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lifeboat restore describe NAME}: phase history, lock, saved replicas, Jobs, Events. */
@Command(name = "describe", description = "Show a Restore in detail: phase history, lock, saved replicas, Jobs, Events.")
public final class RestoreDescribeCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Override
  protected int run() {
    DescribeReads reads = DescribeReads.of(this);
    String ns = reads.namespace();
    Restore r = reads.require(Restore.class, name);
    Describer d = new Describer(out(), clock().instant());
    d.header(r);
    d.field("Source", r.getSpec().backup != null ? "Backup " + r.getSpec().backup
        : r.getSpec().snapshot == null ? null : "snapshot " + r.getSpec().snapshot.repository + "/" + r.getSpec().snapshot.id);
    d.field("Mode", r.getSpec().modeOrDefault());
    d.field("Prune", r.getSpec().prune);
    RestoreStatus s = r.getStatus();
    String target = s != null && s.targetPvc != null ? s.targetPvc : r.getSpec().target == null ? null : r.getSpec().target.pvc;
    d.field("Target PVC", target);
    d.field("Target", s == null ? null : s.target);
    if (s != null) {
      d.field("Phase", s.phase);
      d.field("Message", s.message);
      d.field("Mover", s.mover);
      d.field("Failure", s.failure);
      d.field("Snapshot", s.snapshotId);
      d.field("Restored", s.restoredFiles == null ? null : s.target != null ? Ages.bytes(s.restoredBytes) + " streamed"
          : s.restoredFiles + " files, " + Ages.bytes(s.restoredBytes));
      if (!s.validationErrors.isEmpty()) {
        out().println("Validation errors:");
        s.validationErrors.forEach(e -> out().println("  - " + e));
      }
      if (!s.savedReplicas.isEmpty()) {
        out().println("Saved replicas:");
        s.savedReplicas.forEach((w, n) -> out().printf("  %-30s %d%n", w, n));
      }
      if (!s.history.isEmpty()) {
        out().println("Phase history:");
        for (PhaseChange h : s.history) {
          out().printf("  %-30s %-15s %s%n", h.time, h.phase, h.message == null ? "" : h.message);
        }
      }
      d.conditions(s.conditions);
    }
    if (target != null) {
      Lease lease = reads.lease(Locks.leaseFor(ns, target));
      String holder = lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
      d.field("Lock", (holder == null || holder.isEmpty() ? "free" : "held by " + holder) + " (Lease "
          + Locks.leaseFor(ns, target) + ")");
    }
    d.jobs(reads, r);
    d.events(reads, r);
    return ExitCodes.OK;
  }
}
