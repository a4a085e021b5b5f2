package dev.lifeboat.cli.repository;

import dev.lifeboat.api.MaintenanceSpec;
import dev.lifeboat.api.MaintenanceStatus;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.RepositoryStatus;
import dev.lifeboat.api.Sizes;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.DescribeReads;
import dev.lifeboat.cli.Describer;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.jobs.SnapshotInventory;
import dev.lifeboat.lifecycle.repository.SnapshotClaim;
import dev.lifeboat.lifecycle.repository.SnapshotInfo;
import dev.lifeboat.output.Ages;
import dev.lifeboat.output.Printer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import dev.lifeboat.api.MaintenanceTask;

/** {@code lifeboat repository describe NAME}. */
@Command(name = "describe", description = "Show a Repository in detail: status, maintenance, snapshots no Backup claims,"
    + " Secret refs, Jobs, Events.")
public final class RepositoryDescribeCommand extends ClientCommand {
  static final int UNCLAIMED_SHOWN = 20;

  @Parameters(paramLabel = "NAME")
  String name;

  @Override
  protected int run() {
    DescribeReads reads = DescribeReads.of(this);
    Repository r = reads.require(Repository.class, name);
    Describer d = new Describer(out(), clock().instant());
    d.header(r);
    d.field("URL", r.getSpec().url);
    d.field("Password", "Secret " + r.getSpec().passwordSecretRef.name + ", key " + r.getSpec().passwordSecretRef.keyOrDefault());
    d.field("Credentials", r.getSpec().credentialsSecret == null ? null : "Secret " + r.getSpec().credentialsSecret
        + (r.getSpec().maintenanceCredentialsSecret == null ? "" : " (backups and restores)"));
    d.field("Maintenance credentials", r.getSpec().maintenanceCredentialsSecret == null ? null
        : "Secret " + r.getSpec().maintenanceCredentialsSecret + " (check, prune, forget, unlock, keys, data removal)");
    d.field("Init", r.getSpec().initOrDefault());
    d.field("Deletion policy", r.getSpec().deletesData() ? "Delete (deleting the Repository removes its data)"
        : "Retain (deleting the Repository leaves its data)");
    d.field("Import", r.getSpec().imports() ? "after each verify (spec.import)" : null);
    RepositoryStatus s = r.getStatus();
    if (s != null) {
      d.field("Phase", s.phase);
      d.field("Message", s.message);
      d.field("Ready since", s.readyTime);
      d.field("Size", s.sizeBytes == null ? null : Sizes.bytes(s.sizeBytes));
      d.field("Snapshots", s.snapshots == null ? null : s.snapshots + " (" + s.unclaimedSnapshots + " claimed by no Backup, "
          + s.missingSnapshots + " Backup(s) missing theirs)");
      d.field("Running", s.running == null ? null : s.running.task + " (Job " + s.running.jobName + ", since "
          + s.running.startTime + ")");
    }
    maintenance(r, s);
    if (s != null) {
      d.conditions(s.conditions);
    }
    unclaimed(r, s);
    d.jobs(reads, r);
    d.events(reads, r);
    return ExitCodes.OK;
  }

  private void maintenance(Repository r, RepositoryStatus s) {
    MaintenanceSpec spec = r.getSpec().maintenanceOrDefault();
    out().println("Maintenance:" + (spec.suspended() ? " (scheduled runs suspended)" : "")
        + (spec.timeZone == null ? "" : " (crons in " + spec.timeZone + ")"));
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"  TASK", "CRON", "LAST RUN", "RESULT", "TOOK", "NEXT RUN", "MESSAGE"});
    for (MaintenanceTask task : MaintenanceTask.values()) {
      MaintenanceStatus e = s == null ? null : s.find(task);
      rows.add(new String[] {"  " + task, spec.cronOf(task) == null ? "(on request)" : spec.cronOf(task),
          e == null || e.lastStart == null ? "never" : Ages.since(e.lastStart, clock().instant()) + " ago",
          e == null ? "" : nullToEmpty(e.result), e == null || e.durationSeconds == null ? "" : e.durationSeconds + "s",
          e == null || e.nextRun == null ? "" : e.nextRun.replaceFirst("\\.\\d+Z$", "Z"), e == null ? "" : nullToEmpty(e.message)});
    }
    Printer.printAligned(rows, out());
  }

  /** The snapshots of the last verify that no Backup claims (the import candidates). */
  private void unclaimed(Repository r, RepositoryStatus s) {
    if (s == null || s.unclaimedSnapshots == null || s.unclaimedSnapshots == 0) {
      return;
    }
    List<SnapshotInfo> snapshots = SnapshotInventory.read(cm -> client().configMaps()
        .inNamespace(r.getMetadata().getNamespace()).withName(cm).get(), r.getMetadata().getName(), null);
    if (snapshots == null) {
      return;
    }
    Map<String, String> sameUrl = Inventory.sameUrl(this, r);
    List<SnapshotClaim> claims = Inventory.claims(Inventory.backups(this, sameUrl), sameUrl);
    List<SnapshotInfo> free = snapshots.stream().filter(sn -> claims.stream().noneMatch(c -> sn.matches(c.snapshotId())))
        .toList();
    out().println("Unclaimed snapshots (" + free.size() + "; 'lifeboat repository import " + r.getMetadata().getName()
        + "' creates Backups for them):");
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"  ID", "TIME", "HOST", "TAGS"});
    free.stream().limit(UNCLAIMED_SHOWN).forEach(sn -> rows.add(new String[] {"  " + sn.shortId(),
        sn.time() == null ? "" : sn.time().replaceFirst("\\..*", ""), nullToEmpty(sn.hostname()), String.join(",", sn.tags())}));
    Printer.printAligned(rows, out());
    if (free.size() > UNCLAIMED_SHOWN) {
      out().println("  … and " + (free.size() - UNCLAIMED_SHOWN) + " more ('lifeboat repository snapshots "
          + r.getMetadata().getName() + " --no-refresh' lists all)");
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
