package dev.lifeboat.e2e;

import dev.lifeboat.support.Owners;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.Repository;
import dev.lifeboat.sandbox.Sandbox;
import dev.lifeboat.sandbox.SandboxPaths;
import dev.lifeboat.sandbox.SandboxPvcs;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.LeakCheck;
import dev.lifeboat.support.RealTools;
import dev.lifeboat.support.ResticRepo;
import dev.lifeboat.support.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disaster recovery drill with real restic. Cluster 1 (a sandbox) backs up three claims in two
 * namespaces into one repository and is thrown away. Cluster 2 starts empty, gets the Repositories
 * back (same URL and password, as from Git), imports, finds three Ready Backups in the namespaces
 * they came from, and restores each into a new claim: every file's checksum equals the original's.
 * Importing again creates nothing; spec.import does the same from the controller.
 */
class DisasterRecoveryE2E {
  private static final String PASSWORD = "planted-password-" + UUID.randomUUID();

  @TempDir
  Path tmp;
  private final List<String> outputs = new ArrayList<>();

  private Cli.Result lifeboat(Sandbox sandbox, String... args) {
    Cli.Result result = Cli.against(sandbox.paths().kubeconfig().toString(), args);
    outputs.add(result.all());
    return result;
  }

  private void ok(Cli.Result result) {
    assertEquals(0, result.exitCode(), result.all());
  }

  @Test
  void anEmptyClusterFindsEveryBackupAgainAndRestoresItByteForByte() throws Exception {
    RealTools.requireRestic();
    Path repo = tmp.resolve("shared-repository");
    Path passwordFile = tmp.resolve("password");
    Files.writeString(passwordFile, PASSWORD + "\n");
    String url = "local:" + repo;
    Map<String, String> claims = new LinkedHashMap<>(Map.of("shop/db", "db-nightly", "shop/files", "files-nightly",
        "blog/www", "www-nightly"));
    Map<String, Map<String, String>> sums = new LinkedHashMap<>();

    try (LeakCheck leaks = new LeakCheck()) {
      try (Sandbox first = Sandbox.start(new SandboxPaths(tmp.resolve("cluster-1")), 0, null, true)) {
        Owners.requireIsolation();
        // Its data has several owners (Trees): only a privileged mover reads and restores them all.
        for (String ns : List.of("shop", "blog")) {
          Owners.allowPrivilegedMovers(first.client(), ns);
          ok(lifeboat(first, "repository", "create", "repo", "-n", ns, "--url", url, "--password-file",
              passwordFile.toString(), "--wait", "--timeout", "3m"));
        }
        long seed = 1;
        for (var claim : claims.entrySet()) {
          String ns = claim.getKey().split("/")[0];
          String pvc = claim.getKey().split("/")[1];
          Path source = tmp.resolve("source-" + pvc);
          Trees.generate(source, 60, 2L << 20, seed++);
          sums.put(claim.getKey(), Trees.checksums(source));
          SandboxPvcs.create(first.client(), first.paths(), ns, pvc, source);
          ok(lifeboat(first, "backup", "create", claim.getValue(), "-n", ns, "--repository", "repo", "--pvc", pvc,
              "--wait", "--timeout", "3m"));
        }
      } // cluster 1 is gone: only the repository is left

      try (Sandbox second = Sandbox.start(new SandboxPaths(tmp.resolve("cluster-2")), 0, null, true)) {
        Owners.requireIsolation();
        // Its data has several owners (Trees): only a privileged mover reads and restores them all.
        for (String ns : List.of("shop", "blog")) {
          Owners.allowPrivilegedMovers(second.client(), ns);
          ok(lifeboat(second, "repository", "create", "repo", "-n", ns, "--url", url, "--password-file",
              passwordFile.toString(), "--init", "never", "--wait", "--timeout", "3m"));
        }
        // A team's Repository sees its own namespace's snapshots only (docs/tenancy.md) ...
        Cli.Result own = lifeboat(second, "repository", "import", "repo", "-n", "shop", "--namespace-from-host",
            "--dry-run");
        ok(own);
        assertEquals(2, own.out().lines().filter(l -> l.contains("would be created")).count(), own.out());
        // ... the administrators' view of the whole URL, in lifeboat's own namespace, imports into every namespace.
        ok(lifeboat(second, "repository", "create", "all", "-n", "lifeboat-system", "--url", url, "--password-file",
            passwordFile.toString(), "--init", "never", "--all-namespace-snapshots", "--wait", "--timeout", "3m"));
        Cli.Result dryRun = lifeboat(second, "repository", "import", "all", "-n", "lifeboat-system",
            "--namespace-from-host", "--dry-run");
        ok(dryRun);
        assertEquals(3, dryRun.out().lines().filter(l -> l.contains("would be created")).count(), dryRun.out());
        assertEquals(0, backups(second, "shop").size() + backups(second, "blog").size(), "a dry run creates nothing");

        Cli.Result imported = lifeboat(second, "repository", "import", "all", "-n", "lifeboat-system",
            "--namespace-from-host");
        ok(imported);
        assertTrue(imported.out().contains("3 imported"), imported.out());
        for (var claim : claims.entrySet()) {
          String ns = claim.getKey().split("/")[0];
          Backup b = second.client().resources(Backup.class).inNamespace(ns).withName(claim.getValue()).get();
          assertEquals(BackupPhase.Ready, b.getStatus().phase, claim + ": " + b.getStatus().message);
          assertTrue(b.getSpec().wasImported());
          assertEquals(claim.getKey().split("/")[1], b.getSpec().source.pvc, "source.pvc from the pvc= tag");
        }
        Cli.Result again = lifeboat(second, "repository", "import", "all", "-n", "lifeboat-system",
            "--namespace-from-host", "--no-refresh");
        ok(again);
        assertTrue(again.out().contains("0 imported"), again.out());
        assertEquals(2, backups(second, "shop").size());
        assertEquals(1, backups(second, "blog").size());

        for (var claim : claims.entrySet()) {
          String ns = claim.getKey().split("/")[0];
          String pvc = claim.getKey().split("/")[1];
          SandboxPvcs.create(second.client(), second.paths(), ns, pvc + "-restored", null);
          ok(lifeboat(second, "restore", "create", "back-" + pvc, "-n", ns, "--from-backup", claim.getValue(),
              "--to-pvc", pvc + "-restored", "--wait", "--timeout", "3m"));
          assertEquals(sums.get(claim.getKey()), Trees.checksums(second.paths().pvc(ns, pvc + "-restored")),
              claim.getKey() + " came back byte for byte");
        }

        // spec.import: the controller imports after each verify. A snapshot made behind lifeboat's back:
        Path late = tmp.resolve("late");
        Trees.generate(late, 5, 1024, 99);
        new ResticRepo(repo, PASSWORD, tmp.resolve("cache")).run("backup", "--host", "blog", "--tag", "backup=late",
            "--tag", "pvc=late", late.toString());
        second.client().resources(Repository.class).inNamespace("blog").withName("repo")
            .edit(r -> {
              r.getSpec().importSnapshots = true;
              return r;
            });
        // Only the import setting changed: the repository stays Ready (no new init check) and verifies at once.
        ok(lifeboat(second, "repository", "verify", "repo", "-n", "blog", "--wait"));
        Eventually.await(Duration.ofSeconds(60), "the controller's import makes blog/late Ready", () -> {
          Backup b = second.client().resources(Backup.class).inNamespace("blog").withName("late").get();
          return b != null && b.getStatus() != null && b.getStatus().phase == BackupPhase.Ready;
        });
        assertEquals(2, backups(second, "blog").size(), "only the new snapshot was imported");
        leaks.assertNoneContains(second, outputs, PASSWORD);
      }
    }
  }

  private static List<Backup> backups(Sandbox sandbox, String ns) {
    return sandbox.client().resources(Backup.class).inNamespace(ns).list().getItems();
  }
}
