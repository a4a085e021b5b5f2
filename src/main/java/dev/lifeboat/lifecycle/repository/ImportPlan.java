package dev.lifeboat.lifecycle.repository;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupSource;
import dev.lifeboat.api.BackupSpec;
import dev.lifeboat.api.ImportedSnapshot;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Repository;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.lifeboat.api.Names;
import dev.lifeboat.lifecycle.JobNames;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Disaster recovery: which Backups to create so that every snapshot of a repository that no Backup
 * claims gets one (Ready at once, {@code spec.imported}). A snapshot goes to the namespace it came
 * from (its host: lifeboat sets it to the Backup's namespace) when asked and when that namespace has
 * a Repository of the same URL for the Backup to name; else to the repository's own namespace. Its
 * name is the one it had ({@code backup=} tag) when free, else that name plus the snapshot's short ID.
 * Idempotent: a claimed snapshot (by status.snapshotId, or by an imported Backup's spec.snapshot) is
 * never imported again.
 *
 * @param toCreate the Backups to create
 * @param skipped snapshots not imported and why ("a1b2c3d4: an application stream (source=postgres)")
 */
public record ImportPlan(List<Backup> toCreate, List<String> skipped) {

  /**
   * @param sameUrl namespace → name of the Repository there with the same URL (includes the repository's own)
   * @param taken names of existing Backups, as namespace/name
   */
  public static ImportPlan of(Repository repository, List<SnapshotInfo> inventory, List<SnapshotClaim> claims,
      Map<String, String> sameUrl, boolean namespaceFromHost, Set<String> taken) {
    TreeSet<String> claimed = new TreeSet<>();
    List<String> prefixes = new ArrayList<>();
    for (SnapshotClaim claim : claims) {
      if (claim.snapshotId() != null) {
        prefixes.add(claim.snapshotId());
      }
    }
    TreeSet<String> ids = new TreeSet<>();
    inventory.forEach(s -> ids.add(s.id()));
    for (String prefix : prefixes) {
      String full = SnapshotAudit.find(ids, prefix);
      if (full != null) {
        claimed.add(full);
      }
    }
    Set<String> names = new HashSet<>(taken);
    List<Backup> create = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    String home = repository.getMetadata().getNamespace();
    for (SnapshotInfo snapshot : inventory) {
      if (claimed.contains(snapshot.id())) {
        continue;
      }
      String source = snapshot.streamKind();
      if (source != null) {
        // A stream has no claim to become a Backup of; what works without one is writing it into a claim as a file.
        String file = source + "-" + snapshot.shortId() + ".dump";
        skipped.add(snapshot.shortId() + ": an application stream (source=" + source + "); write it into a claim as"
            + " one file with 'lifeboat restore create " + JobNames.fit("get-" + snapshot.shortId(), 63)
            + " -n " + home + " --from-snapshot " + repository.getMetadata().getName() + "/" + snapshot.shortId()
            + " --to-pvc CLAIM --as-file " + file + "'");
        continue;
      }
      String ns = namespaceFromHost && snapshot.hostname() != null && sameUrl.containsKey(snapshot.hostname())
          ? snapshot.hostname() : home;
      String name = nameFor(snapshot, ns, names);
      names.add(ns + "/" + name);
      create.add(backup(snapshot, ns, name, sameUrl.getOrDefault(ns, repository.getMetadata().getName())));
    }
    return new ImportPlan(create, skipped);
  }

  private static String nameFor(SnapshotInfo snapshot, String ns, Set<String> taken) {
    String original = snapshot.tag("backup");
    if (original != null && original.matches(Names.DNS_SUBDOMAIN) && !taken.contains(ns + "/" + original)) {
      return original;
    }
    String base = original != null && original.matches(Names.DNS_SUBDOMAIN) ? original : "imported";
    return JobNames.fit(base + "-" + snapshot.shortId(), 253);
  }

  private static Backup backup(SnapshotInfo snapshot, String ns, String name, String repositoryName) {
    Backup b = new Backup();
    b.getMetadata().setName(name);
    b.getMetadata().setNamespace(ns);
    String pvc = claimOf(snapshot);
    b.getMetadata().setLabels(new LinkedHashMap<>(Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE,
        Labels.PVC, JobNames.labelValue(pvc))));
    BackupSpec spec = new BackupSpec();
    spec.repository = repositoryName;
    spec.source = new BackupSource(pvc);
    spec.imported = true;
    spec.deletionPolicy = BackupSpec.DeletionPolicy.Retain;
    ImportedSnapshot s = new ImportedSnapshot();
    s.id = snapshot.id();
    s.time = snapshot.time();
    s.hostname = snapshot.hostname();
    s.paths = new ArrayList<>(snapshot.paths());
    s.tags = new ArrayList<>(snapshot.tags());
    spec.snapshot = s;
    b.setSpec(spec);
    return b;
  }

  /** The claim a restore defaults to: its {@code pvc=} tag, else the last part of its first path. */
  static String claimOf(SnapshotInfo snapshot) {
    String pvc = snapshot.tag("pvc");
    if (pvc != null && pvc.matches(Names.DNS_SUBDOMAIN)) {
      return pvc;
    }
    String path = snapshot.paths().isEmpty() ? "" : snapshot.paths().get(0);
    String last = path.replaceAll("/+$", "");
    last = last.substring(last.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-")
        .replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
    return last.isEmpty() ? "restored-" + snapshot.shortId() : JobNames.fit(last, 253);
  }
}
