package dev.lifeboat.lifecycle.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.RepositoryPhase;
import dev.lifeboat.lifecycle.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which Backups an import creates, where, and under which names. */
class ImportPlanTest {
  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);
  private static final String C = "c".repeat(64);
  private static final String D = "d".repeat(64);

  private static final List<SnapshotInfo> INVENTORY = List.of(
      new SnapshotInfo(A, "2026-11-29T01:00:00Z", "shop", List.of("/data"), List.of("backup=db-nightly", "pvc=db")),
      new SnapshotInfo(B, "2026-11-29T01:00:00Z", "blog", List.of("/data"), List.of("backup=www", "pvc=www")),
      new SnapshotInfo(C, "2026-11-29T01:00:00Z", "gone-ns", List.of("/srv/My Files/"), List.of()),
      new SnapshotInfo(D, "2026-11-29T01:00:00Z", "shop", List.of("/pg.dump"), List.of("source=postgres", "database=shop")));

  private static ImportPlan plan(boolean fromHost, List<SnapshotClaim> claims, Set<String> taken) {
    var repo = Fixtures.repository(RepositoryPhase.Ready, 1L, 1L); // prod/repo
    return ImportPlan.of(repo, INVENTORY, claims, Map.of("prod", "repo", "shop", "shop-repo", "blog", "blog-repo"),
        fromHost, taken);
  }

  private static List<String> where(ImportPlan plan) {
    return plan.toCreate().stream().map(b -> b.getMetadata().getNamespace() + "/" + b.getMetadata().getName() + " -> "
        + b.getSpec().repository + " pvc " + b.getSpec().source.pvc).toList();
  }

  @Test
  void namespaceFromHostUsesTheSnapshotsNamespaceWhenItHasARepositoryOfTheSameUrl() {
    ImportPlan plan = plan(true, List.of(), Set.of());
    assertEquals(List.of("shop/db-nightly -> shop-repo pvc db", "blog/www -> blog-repo pvc www",
        "prod/imported-cccccccc -> repo pvc my-files"), where(plan));
    assertEquals(1, plan.skipped().size());
    assertTrue(plan.skipped().get(0).startsWith("dddddddd: an application stream (source=postgres)"), plan.skipped().get(0));
    assertTrue(plan.skipped().get(0).contains("--from-snapshot repo/dddddddd --to-pvc CLAIM --as-file postgres-dddddddd.dump"),
        "the hint is a command the CLI takes: " + plan.skipped().get(0));
  }

  @Test
  void withoutItEverythingGoesToTheRepositorysNamespace() {
    assertEquals(List.of("prod/db-nightly -> repo pvc db", "prod/www -> repo pvc www",
        "prod/imported-cccccccc -> repo pvc my-files"), where(plan(false, List.of(), Set.of())));
  }

  @Test
  void claimedSnapshotsAreNotImportedAgainAndTakenNamesGetTheShortId() {
    ImportPlan plan = plan(true, List.of(new SnapshotClaim("shop", "db-nightly", A, true, false)),
        Set.of("shop/db-nightly", "blog/www"));
    assertEquals(List.of("blog/www-bbbbbbbb -> blog-repo pvc www", "prod/imported-cccccccc -> repo pvc my-files"),
        where(plan));
  }

  @Test
  void importedBackupsAreReadyShapedAndRetained() {
    Backup b = plan(true, List.of(), Set.of()).toCreate().get(0);
    assertTrue(b.getSpec().wasImported());
    assertEquals(A, b.getSpec().snapshot.id);
    assertEquals(List.of("backup=db-nightly", "pvc=db"), b.getSpec().snapshot.tags);
    assertEquals(dev.lifeboat.api.BackupSpec.DeletionPolicy.Retain, b.getSpec().deletionPolicy);
    var status = dev.lifeboat.lifecycle.backup.ImportedBackup.readyStatus(b, java.time.Instant.parse("2026-11-30T00:00:00Z"));
    assertEquals(dev.lifeboat.api.BackupPhase.Ready, status.phase);
    assertEquals(A, status.snapshotId);
  }
}
