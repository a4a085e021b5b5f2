package dev.lifeboat.cli.repository;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupStatus;
import dev.lifeboat.api.Repository;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.DurationConverter;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.lifecycle.backup.ImportedBackup;
import dev.lifeboat.lifecycle.repository.ImportPlan;
import dev.lifeboat.lifecycle.repository.SnapshotInfo;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lifeboat repository import NAME [--namespace-from-host] [--dry-run]}: disaster recovery. A
 * Ready Backup ({@code spec.imported}) for every snapshot of the repository that no Backup claims.
 */
@Command(name = "import", description = {"Create a Ready Backup for every snapshot in the Repository that no Backup"
    + " claims (disaster recovery into an empty cluster). Importing twice creates nothing new.",
    "Each Backup restores like any other; its source.pvc comes from the snapshot's pvc= tag."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:imported (or nothing to import)",
        "1:the listing or a create failed", "2:bad input, or the Repository is not Ready", "3:timed out",
        "4:no such Repository", "5:the Kubernetes API could not be reached"})
public final class RepositoryImportCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Option(names = "--namespace-from-host", description = "Put each Backup in the namespace its snapshot came from (its"
      + " restic host) when that namespace has a Repository with the same URL; else in this Repository's namespace.")
  boolean namespaceFromHost;

  @Option(names = "--dry-run", description = "Print what would be created; create nothing.")
  boolean dryRun;

  @Option(names = "--no-refresh", description = "Use the snapshot list of the last verify instead of listing now.")
  boolean noRefresh;

  @Option(names = "--timeout", paramLabel = "DUR", converter = DurationConverter.class,
      description = "Give up waiting for the listing after this long (default 10m).")
  Duration timeout;

  @Override
  protected int run() {
    Repository repository = MaintenanceRequestCommand.requireReady(this, name);
    List<SnapshotInfo> snapshots = Inventory.load(this, repository, !noRefresh,
        timeout == null ? Duration.ofMinutes(10) : timeout);
    Map<String, String> sameUrl = Inventory.sameUrl(this, repository);
    List<Backup> backups = Inventory.backups(this, sameUrl);
    Set<String> taken = new HashSet<>();
    backups.forEach(b -> taken.add(b.getMetadata().getNamespace() + "/" + b.getMetadata().getName()));
    ImportPlan plan = ImportPlan.of(repository, snapshots, Inventory.claims(backups, sameUrl), sameUrl, namespaceFromHost,
        taken);
    plan.skipped().forEach(s -> err().println("skipped " + s));
    int failed = 0;
    for (Backup b : plan.toCreate()) {
      String what = "backup.lifeboat.dev/" + b.getMetadata().getName() + " in namespace " + b.getMetadata().getNamespace()
          + " (snapshot " + b.getSpec().snapshot.id.substring(0, 8) + ", pvc " + b.getSpec().source.pvc + ")";
      if (dryRun) {
        out().println(what + " would be created (dry run)");
        continue;
      }
      try {
        create(b);
        out().println(what + " imported");
      } catch (KubernetesClientException e) {
        failed++;
        err().println(what + " could not be created: " + e.getMessage());
      }
    }
    out().println(snapshots.size() + " snapshot(s) in the repository; " + plan.toCreate().size()
        + (dryRun ? " would be imported" : " imported") + "; " + plan.skipped().size() + " skipped");
    return failed == 0 ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /** Creates the Backup and writes its Ready status at once (the same the controller would write). */
  private void create(Backup b) {
    var op = client().resources(Backup.class).inNamespace(b.getMetadata().getNamespace());
    Backup created = op.resource(b).create();
    BackupStatus status = ImportedBackup.readyStatus(created, clock().instant());
    created.setStatus(status);
    try {
      op.resource(created).updateStatus();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // A controller wrote it first: the same status.
    }
  }
}
