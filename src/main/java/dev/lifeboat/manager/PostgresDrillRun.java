package dev.lifeboat.manager;

import dev.lifeboat.api.BackupSource;
import dev.lifeboat.api.Copies;
import dev.lifeboat.api.PostgresSource;
import dev.lifeboat.lifecycle.JobReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code backup-manager drill-postgres}: a PostgreSQL Backup's drill on the same server, touching no database of the
 * application's. Creates the scratch database, restores the dump into it (pg_restore or psql, as a restore does), runs
 * the check query, and drops the scratch once the check passed. After a failure the scratch stays for a look;
 * {@code --drop-only} drops it later. The role needs CREATEDB.
 */
public final class PostgresDrillRun {
  /** What a check passes on by default: some table of the application came back. */
  public static final String DEFAULT_CHECK = "SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
      + " ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
      + " AND n.nspname NOT LIKE 'pg_toast%'";
  /** Scratch databases are lifeboat's by name: a drill never creates, fills or drops any other. */
  public static final String SCRATCH_PATTERN = "lifeboat_drill_[0-9a-f]{8,32}";
  private static final long PSQL_TIMEOUT_MINUTES = 30;

  private final Restic restic;
  private final Map<String, String> env;

  public PostgresDrillRun(Restic restic, Map<String, String> env) {
    this.restic = restic;
    this.env = env;
  }

  public JobReport drill(String snapshotId, BackupSource source, String streamFile, String scratch, String checkQuery)
      throws Exception {
    checkScratch(scratch);
    PostgresSource pg = source.postgres;
    String created = psql(pg, "postgres", "CREATE DATABASE \"" + scratch + "\"");
    if (created != null && !created.contains("already exists")) {
      return JobReport.failure("could not create the scratch database " + scratch + " (the role " + pg.user
          + " needs CREATEDB): " + created);
    }
    BackupSource into = Copies.deepCopy(source, BackupSource.class);
    into.postgres.database = scratch;
    JobReport restored = new StreamRestoreRun(restic, env).restore(snapshotId, into, streamFile);
    if (!Boolean.TRUE.equals(restored.ok())) {
      return JobReport.failure(restored.message() + " (scratch database " + scratch + " kept for a look)");
    }
    String query = checkQuery == null || checkQuery.isBlank() ? DEFAULT_CHECK : checkQuery;
    List<String> out = new ArrayList<>();
    String failed = psql(pg, scratch, query, out);
    if (failed != null) {
      return JobReport.failure("the check query failed in " + scratch + ": " + failed + " (scratch kept for a look)");
    }
    String first = out.isEmpty() ? "" : out.get(0).trim();
    if (!passes(first)) {
      return JobReport.failure("the check query returned " + (first.isEmpty() ? "no row" : "\"" + first + "\"")
          + " in " + scratch + (checkQuery == null ? ": no table came back" : ": it must return true or a number above 0")
          + " (scratch kept for a look)");
    }
    String dropped = psql(pg, "postgres", "DROP DATABASE IF EXISTS \"" + scratch + "\"");
    return new JobReport(true, "restored into " + scratch + " and checked (" + (checkQuery == null
        ? first + " tables" : "check query: " + first) + ")" + (dropped == null ? "; scratch database dropped"
        : "; dropping the scratch failed: " + dropped), snapshotId, true, null, null, restored.summary());
  }

  public JobReport drop(BackupSource source, String scratch) throws Exception {
    checkScratch(scratch);
    String dropped = psql(source.postgres, "postgres", "DROP DATABASE IF EXISTS \"" + scratch + "\"");
    return dropped == null ? new JobReport(true, "dropped the scratch database " + scratch, null, null, null, null, null)
        : JobReport.failure("could not drop the scratch database " + scratch + ": " + dropped);
  }

  /** A check passes on true, or a number above 0, in the first column of the first row. */
  static boolean passes(String value) {
    if (value.equals("t") || value.equalsIgnoreCase("true")) {
      return true;
    }
    try {
      return Double.parseDouble(value) > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static void checkScratch(String scratch) {
    if (scratch == null || !scratch.matches(SCRATCH_PATTERN)) {
      throw new IllegalArgumentException("--scratch-database \"" + scratch + "\" is not a drill's scratch database ("
          + SCRATCH_PATTERN + ")");
    }
  }

  private String psql(PostgresSource pg, String database, String sql) throws IOException, InterruptedException {
    return psql(pg, database, sql, new ArrayList<>());
  }

  /** Runs one statement; returns null on success (its output lines in {@code out}), else psql's words. */
  private String psql(PostgresSource pg, String database, String sql, List<String> out)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("psql", "--host", pg.host, "--port", String.valueOf(pg.portOrDefault()),
        "--username", pg.user, "--no-password", "--dbname", database, "--no-psqlrc", "-v", "ON_ERROR_STOP=1",
        "--tuples-only", "--no-align", "-c", sql);
    pb.environment().putAll(env);
    pb.environment().put("PGCONNECT_TIMEOUT", "15");
    pb.environment().put("PGAPPNAME", "lifeboat-drill");
    if (pg.sslMode != null) {
      pb.environment().put("PGSSLMODE", pg.sslMode);
    }
    pb.redirectErrorStream(true);
    Process p = pb.start();
    p.getOutputStream().close();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(PSQL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return "psql did not end within " + PSQL_TIMEOUT_MINUTES + " minutes";
    }
    text.lines().filter(l -> !l.isBlank()).forEach(out::add);
    return p.exitValue() == 0 ? null : text.strip();
  }
}
