package dev.lifeboat.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.sandbox.Sandbox;
import dev.lifeboat.sandbox.SandboxPaths;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.LeakCheck;
import dev.lifeboat.support.Objects;
import dev.lifeboat.support.Postgres;
import dev.lifeboat.support.RealTools;
import dev.lifeboat.support.ResticRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL for real: Debian's server on a free loopback port, a database with several tables,
 * unicode text, a large object and 100,000 rows; pg_dump streamed into restic through a backup Job
 * of the sandbox, the tables dropped and mangled, pg_restore streamed back, and every table's
 * checksum equal to before. The role's password is a planted secret that must show nowhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresE2E {
  private static final String PG_PASSWORD = "planted-pg-password-" + UUID.randomUUID();
  private static final String REPO_PASSWORD = "planted-repo-password-" + UUID.randomUUID();
  @TempDir
  static Path tmp;
  private Postgres pg;
  private Sandbox sandbox;
  private String kubeconfig;
  private ResticRepo restic;
  private Path pgPasswordFile;
  private final List<String> outputs = new CopyOnWriteArrayList<>();
  private final LeakCheck leaks = new LeakCheck();

  @BeforeAll
  void start() throws Exception {
    RealTools.requireRestic();
    pg = Postgres.start(tmp.resolve("pg"), PG_PASSWORD);
    pg.sql("postgres", "CREATE DATABASE shop");
    pg.sql("shop", """
        CREATE TABLE customers (id serial PRIMARY KEY, name text NOT NULL, city text);
        INSERT INTO customers (name, city) VALUES ('Zoë Ångström', 'Malmö'), ('李小龍', '香港'),
          ('Σωκράτης', 'Αθήνα'), ('O''Brien', 'Dún Laoghaire'), ('emoji 🚀', NULL);
        CREATE TABLE orders (id bigint PRIMARY KEY, customer int REFERENCES customers, amount numeric(12,2),
          note text, placed timestamptz);
        INSERT INTO orders SELECT g, 1 + g % 5, (g * 7 % 100000) / 100.0, md5(g::text),
          timestamptz '2026-01-01 00:00+00' + g * interval '1 minute' FROM generate_series(1, 100000) g;
        CREATE TABLE documents (id int PRIMARY KEY, title text, blob oid);
        INSERT INTO documents VALUES (1, 'contract – signed', lo_from_bytea(0, decode(repeat('cafebabe', 50000), 'hex')));
        CREATE VIEW big_orders AS SELECT * FROM orders WHERE amount > 900;
        """);
    sandbox = Sandbox.start(new SandboxPaths(tmp.resolve("sandbox")), 0, null, true);
    kubeconfig = sandbox.paths().kubeconfig().toString();
    Path password = tmp.resolve("repo-password");
    Files.writeString(password, REPO_PASSWORD);
    pgPasswordFile = tmp.resolve("pg-password");
    Files.writeString(pgPasswordFile, PG_PASSWORD + "\n");
    Path repo = tmp.resolve("restic-repo");
    restic = new ResticRepo(repo, REPO_PASSWORD, tmp.resolve("cache"));
    Cli.Result created = lifeboat("repository", "create", "repo", "--url", "local:" + repo, "--password-file",
        password.toString(), "--wait", "--timeout", "3m");
    assertEquals(0, created.exitCode(), created.all());
  }

  @AfterAll
  void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
    if (pg != null) {
      pg.close();
    }
    leaks.close();
  }

  private Cli.Result lifeboat(String... args) {
    Cli.Result result = Cli.against(kubeconfig, args);
    outputs.add(result.all());
    return result;
  }

  private String address(String database) {
    return "127.0.0.1:" + pg.port + "/" + database;
  }

  @Test
  void aDumpRestoredAfterDamageGivesBackEveryTableExactly() throws Exception {
    Map<String, String> before = pg.checksums("shop");
    assertEquals(4, before.size(), "3 tables and the large objects: " + before);
    assertTrue(before.get("orders").startsWith("100000:"), before.toString());

    Cli.Result backup = lifeboat("backup", "create", "shop-1", "--repository", "repo", "--postgres", address("shop"),
        "--pg-user", Postgres.USER, "--pg-password-file", pgPasswordFile.toString(), "--wait", "--timeout", "5m");
    assertEquals(0, backup.exitCode(), backup.all());
    Backup done = sandbox.client().resources(Backup.class).inNamespace("default").withName("shop-1").get();
    assertEquals("shop.dump", done.getStatus().summary.streamFile);
    assertEquals(3L, done.getStatus().summary.tables, "pg_dump dumped 3 tables");
    assertTrue(done.getStatus().summary.totalBytesProcessed > 100_000, "the dump's size is known");
    var snapshots = restic.snapshots("backup=shop-1");
    assertEquals(1, snapshots.size());
    assertTrue(snapshots.get(0).get("tags").toString().contains("source=postgres")
        && snapshots.get(0).get("tags").toString().contains("database=shop"), snapshots.toString());
    assertEquals("PGDMP", new String(restic.dump(done.getStatus().snapshotId, "/shop.dump"), 0, 5,
        java.nio.charset.StandardCharsets.US_ASCII), "the snapshot holds pg_dump's custom format as is");
    Cli.Result describe = lifeboat("backup", "describe", "shop-1");
    assertTrue(describe.out().contains("Captured:") && describe.out().contains("3 tables"), describe.out());
    assertTrue(describe.out().contains("password from Secret shop-1-source/password"), describe.out());

    pg.sql("shop", """
        DROP VIEW big_orders; DROP TABLE orders;
        UPDATE customers SET name = 'mangled';
        SELECT lo_unlink(blob) FROM documents; DELETE FROM documents;
        CREATE TABLE intruder (x int);
        """);
    assertNotEquals(before, pg.checksums("shop"));

    // The application that uses the database is stopped around the restore and started again, as for claims.
    Objects.deployment(sandbox.client(), "default", "shop-api", 2);
    Cli.Result restore = lifeboat("restore", "create", "shop-back", "--from-backup", "shop-1", "--stop",
        "deployment/shop-api", "--wait", "--timeout", "5m");
    assertEquals(0, restore.exitCode(), restore.all());
    assertEquals(2, Objects.replicas(sandbox.client(), "default", "deployment/shop-api"));
    dev.lifeboat.api.Restore back = sandbox.client().resources(dev.lifeboat.api.Restore.class).inNamespace("default")
        .withName("shop-back").get();
    assertEquals(java.util.Map.of("deployment/shop-api", 2), back.getStatus().savedReplicas, "it was stopped first");
    Map<String, String> after = pg.checksums("shop");
    after.remove("intruder"); // --clean drops what the dump has; a table made after the backup stays
    assertEquals(before, after, "every table and large object is back exactly");
    assertEquals("1", pg.sql("shop", "SELECT count(*) FROM pg_views WHERE viewname = 'big_orders'"));

    // Into another (existing, empty) database of the same server.
    pg.sql("postgres", "CREATE DATABASE shop_copy");
    Cli.Result copy = lifeboat("restore", "create", "shop-copy", "--from-backup", "shop-1", "--to-database", "shop_copy",
        "--wait", "--timeout", "5m");
    assertEquals(0, copy.exitCode(), copy.all());
    assertEquals(before, pg.checksums("shop_copy"));
    Cli.Result describeRestore = lifeboat("restore", "describe", "shop-copy");
    assertTrue(describeRestore.out().contains("postgres://127.0.0.1:" + pg.port + "/shop_copy"), describeRestore.out());
    assertFreeLock("shop_copy");
    outputs.add(lifeboat("get", "backups", "-o", "yaml").all());
    outputs.add(lifeboat("get", "restores", "-o", "yaml").all());
    outputs.add(lifeboat("backup", "logs", "shop-1").all());
    leaks.assertNoneContains(sandbox, outputs, PG_PASSWORD);
    leaks.assertNoneContains(sandbox, outputs, REPO_PASSWORD);
  }

  /**
   * A PostgreSQL drill: the dump restored into a scratch database of the same server, the check query run there, the
   * scratch dropped; the application's database untouched. A check that fails keeps the scratch for keepFailed, then a
   * Job drops it.
   */
  @Test
  void aDrillRestoresIntoAScratchDatabaseChecksItAndDropsIt() throws Exception {
    pg.sql("postgres", "CREATE DATABASE inventory");
    pg.sql("inventory", "CREATE TABLE items (id int PRIMARY KEY, name text); INSERT INTO items VALUES (1, 'a'), (2, 'b'),"
        + " (3, 'c');");
    Map<String, String> before = pg.checksums("inventory");
    Cli.Result backup = lifeboat("backup", "create", "inv-1", "--repository", "repo", "--postgres", address("inventory"),
        "--pg-user", Postgres.USER, "--pg-password-file", pgPasswordFile.toString(), "--wait", "--timeout", "5m");
    assertEquals(0, backup.exitCode(), backup.all());

    Cli.Result drilled = lifeboat("drill", "create", "inv-drill", "--from-backup", "inv-1", "--check-query",
        "SELECT count(*) = 3 FROM items", "--wait", "--timeout", "5m");
    assertEquals(0, drilled.exitCode(), drilled.all());
    dev.lifeboat.api.Drill d = sandbox.client().resources(dev.lifeboat.api.Drill.class).inNamespace("default")
        .withName("inv-drill").get();
    assertTrue(d.getStatus().scratchDatabase.startsWith("lifeboat_drill_"), d.getStatus().scratchDatabase);
    assertEquals(Boolean.TRUE, d.getStatus().scratchDeleted);
    assertNotNull(d.getStatus().rtoSeconds);
    String verified = d.getStatus().history.stream().filter(h -> h.phase == dev.lifeboat.api.DrillPhase.Verifying)
        .map(h -> h.message).findFirst().orElse("");
    assertTrue(verified.contains("check query: t") && verified.contains("scratch database dropped"), verified);
    assertEquals("0", pg.sql("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE 'lifeboat_drill_%'"),
        "the scratch database was dropped");
    assertEquals(before, pg.checksums("inventory"), "the application's database is untouched");

    Cli.Result bad = lifeboat("drill", "create", "inv-bad", "--from-backup", "inv-1", "--check-query",
        "SELECT count(*) FROM items WHERE name = 'z'", "--keep-failed", "1s", "--wait", "--timeout", "5m");
    assertEquals(1, bad.exitCode(), bad.all());
    dev.lifeboat.api.Drill failed = sandbox.client().resources(dev.lifeboat.api.Drill.class).inNamespace("default")
        .withName("inv-bad").get();
    assertTrue(failed.getStatus().failure.contains("the check query returned \"0\""), failed.getStatus().failure);
    dev.lifeboat.support.Eventually.await(java.time.Duration.ofMinutes(2), "the kept scratch database dropped by a Job",
        () -> Boolean.TRUE.equals(sandbox.client().resources(dev.lifeboat.api.Drill.class).inNamespace("default")
            .withName("inv-bad").get().getStatus().scratchDeleted));
    assertEquals("0", pg.sql("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE 'lifeboat_drill_%'"));
    outputs.add(lifeboat("drill", "describe", "inv-bad").all());
    outputs.add(lifeboat("drill", "logs", "inv-bad").all());
    outputs.add(lifeboat("get", "drills", "-o", "yaml").all());
    leaks.assertNoneContains(sandbox, outputs, PG_PASSWORD);
    leaks.assertNoneContains(sandbox, outputs, REPO_PASSWORD);
  }

  /**
   * pg_dump's connection killed mid-dump (it waits on a table lock another session holds, then its
   * backend is terminated): the Backup fails with pg_dump's words and restic holds no snapshot of it.
   */
  @Test
  void aDumpWhoseConnectionIsKilledFailsAndLeavesNoSnapshot() throws Exception {
    pg.sql("postgres", "CREATE DATABASE cut");
    pg.sql("cut", "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 1000)");
    ProcessBuilder lockerBuilder = new ProcessBuilder("psql", "-X", "-h", "127.0.0.1", "-p", String.valueOf(pg.port),
        "-U", Postgres.USER, "-d", "cut", "-c", "BEGIN; LOCK TABLE t IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(300);")
        .redirectErrorStream(true);
    lockerBuilder.environment().put("PGPASSWORD", PG_PASSWORD);
    lockerBuilder.environment().put("PGAPPNAME", "locker");
    Process locker = lockerBuilder.start();
    try {
      Eventually.await(Duration.ofSeconds(30), "the locker holds its lock", () -> query("cut",
          "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 't'"
              + " AND l.mode = 'AccessExclusiveLock' AND l.granted").equals("1"));
      Cli.Result created = lifeboat("backup", "create", "cut-1", "--repository", "repo", "--postgres", address("cut"),
          "--pg-user", Postgres.USER, "--pg-password-file", pgPasswordFile.toString(), "--backoff-limit", "0");
      assertEquals(0, created.exitCode(), created.all());
      Eventually.await(Duration.ofSeconds(90), "pg_dump waits for the table lock", () -> query("cut",
          "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'lifeboat' AND wait_event_type = 'Lock'").equals("1"));
      pg.sql("postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'lifeboat'");
      Eventually.await(Duration.ofSeconds(120), "the Backup ends", () -> {
        Backup b = sandbox.client().resources(Backup.class).inNamespace("default").withName("cut-1").get();
        return b.getStatus() != null && b.getStatus().phase != null && b.getStatus().phase.isTerminal();
      });
    } finally {
      pg.sql("postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'locker'");
      locker.destroy();
    }
    Backup b = sandbox.client().resources(Backup.class).inNamespace("default").withName("cut-1").get();
    assertEquals(BackupPhase.Failed, b.getStatus().phase, b.getStatus().message);
    assertTrue(b.getStatus().message.contains("pg_dump failed") && b.getStatus().message.contains("no snapshot was made"),
        b.getStatus().message);
    assertEquals(List.of(), restic.snapshots("backup=cut-1"), "no snapshot of a failed dump");
    leaks.assertNoneContains(sandbox, outputs, PG_PASSWORD);
  }

  /**
   * A database on a Schedule: one Backup per run with the schedule's source, retention per source
   * (keep-last 1: the older Backup goes and its snapshot is forgotten), the password Secret not owned by
   * the Schedule (its Backups outlive it and restore with it).
   */
  @Test
  void aScheduledDatabaseKeepsWhatRetentionSays() throws Exception {
    Cli.Result created = lifeboat("schedule", "create", "shop-nightly", "--cron", "0 3 * * *", "--repository", "repo",
        "--postgres", address("shop"), "--pg-user", Postgres.USER, "--pg-password-file", pgPasswordFile.toString(),
        "--keep-last", "1");
    assertEquals(0, created.exitCode(), created.all());
    var secret = sandbox.client().secrets().inNamespace("default").withName("shop-nightly-source").get();
    assertTrue(secret.getMetadata().getOwnerReferences() == null || secret.getMetadata().getOwnerReferences().isEmpty(),
        "the Backups, which outlive the Schedule, restore with it: not owned by the Schedule");
    for (int run = 0; run < 2; run++) {
      Cli.Result result = lifeboat("schedule", "run", "shop-nightly", "--wait", "--timeout", "5m");
      assertEquals(0, result.exitCode(), result.all());
    }
    Eventually.await(Duration.ofSeconds(120), "retention keeps one Backup and forgets the other's snapshot", () -> {
      try {
        return scheduled("shop-nightly").size() == 1 && restic.snapshots("schedule=shop-nightly").size() == 1;
      } catch (Exception e) {
        return false;
      }
    });
    Backup kept = scheduled("shop-nightly").get(0);
    assertEquals(BackupPhase.Ready, kept.getStatus().phase);
    assertEquals("shop", kept.getSpec().source.postgres.database);
    assertEquals(kept.getStatus().snapshotId, restic.snapshots("schedule=shop-nightly").get(0).get("id").asText());
    Cli.Result describe = lifeboat("schedule", "describe", "shop-nightly");
    assertTrue(describe.out().contains("pg_dump (custom) of postgres://127.0.0.1:" + pg.port + "/shop"), describe.out());
    leaks.assertNoneContains(sandbox, outputs, PG_PASSWORD);
  }

  private List<Backup> scheduled(String schedule) {
    return sandbox.client().resources(Backup.class).inNamespace("default").withLabel("lifeboat.dev/schedule", schedule)
        .list().getItems().stream().filter(b -> b.getMetadata().getDeletionTimestamp() == null).toList();
  }

  /** pg_dumpall of the whole server; a dropped database comes back with psql. */
  @Test
  void aWholeServerDumpBringsADroppedDatabaseBack() throws Exception {
    pg.sql("postgres", "CREATE DATABASE ledger");
    pg.sql("ledger", "CREATE TABLE entries (id int PRIMARY KEY, text text); INSERT INTO entries"
        + " SELECT g, 'entrée ' || g FROM generate_series(1, 5000) g");
    Map<String, String> before = pg.checksums("ledger");
    Cli.Result backup = lifeboat("backup", "create", "server-1", "--repository", "repo", "--postgres",
        "127.0.0.1:" + pg.port, "--pg-all", "--pg-user", Postgres.USER, "--pg-password-file", pgPasswordFile.toString(),
        "--wait", "--timeout", "5m");
    assertEquals(0, backup.exitCode(), backup.all());
    assertEquals("all.sql", sandbox.client().resources(Backup.class).inNamespace("default").withName("server-1").get()
        .getStatus().summary.streamFile);
    pg.sql("postgres", "DROP DATABASE ledger");
    Cli.Result restore = lifeboat("restore", "create", "server-back", "--from-backup", "server-1", "--wait",
        "--timeout", "5m");
    assertEquals(0, restore.exitCode(), restore.all());
    assertEquals(before, pg.checksums("ledger"));
    leaks.assertNoneContains(sandbox, outputs, PG_PASSWORD);
  }

  /** An unreachable server and a missing database: Failed, with libpq's own words, in bounded time. */
  @Test
  void anUnreachableServerOrAMissingDatabaseFailsWithTheToolsMessage() throws Exception {
    Cli.Result refused = lifeboat("backup", "create", "nowhere", "--repository", "repo", "--postgres", "127.0.0.1:1/shop",
        "--pg-user", Postgres.USER, "--pg-password-file", pgPasswordFile.toString(), "--backoff-limit", "0",
        "--wait", "--timeout", "3m");
    assertEquals(1, refused.exitCode(), refused.all());
    assertTrue(refused.err().contains("pg_dump failed") && refused.err().contains("refused"), refused.err());

    Cli.Result missing = lifeboat("backup", "create", "no-db", "--repository", "repo", "--postgres", address("nope"),
        "--pg-user", Postgres.USER, "--pg-password-file", pgPasswordFile.toString(), "--backoff-limit", "0",
        "--wait", "--timeout", "3m");
    assertEquals(1, missing.exitCode(), missing.all());
    assertTrue(missing.err().contains("database \"nope\" does not exist"), missing.err());
    assertEquals(List.of(), restic.snapshots("backup=no-db"));

    Cli.Result badPassword = lifeboat("backup", "create", "bad-pw", "--repository", "repo", "--postgres", address("shop"),
        "--pg-user", Postgres.USER, "--pg-password-secret", "repo-restic/password", "--backoff-limit", "0",
        "--wait", "--timeout", "3m");
    assertEquals(1, badPassword.exitCode(), badPassword.all());
    assertTrue(badPassword.err().contains("password authentication failed"), badPassword.err());
    leaks.assertNoneContains(sandbox, outputs, PG_PASSWORD);
    leaks.assertNoneContains(sandbox, outputs, REPO_PASSWORD);
  }

  private String query(String database, String sql) {
    try {
      return pg.sql(database, sql);
    } catch (Exception e) {
      return "";
    }
  }

  private void assertFreeLock(String database) {
    String lease = dev.lifeboat.lifecycle.Locks.leaseFor("default", "postgres://127.0.0.1:" + pg.port + "/" + database);
    var l = sandbox.client().leases().inNamespace("default").withName(lease).get();
    assertTrue(l == null || l.getSpec().getHolderIdentity() == null || l.getSpec().getHolderIdentity().isEmpty(),
        "the restore released the database's lock");
  }
}
