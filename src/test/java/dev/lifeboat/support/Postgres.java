package dev.lifeboat.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server (Debian's, which scripts/test.sh installs) on a free loopback port, in a
 * folder of the test's, with password (scram) authentication for its superuser. As root, the
 * server runs as the {@code postgres} user (initdb refuses root). Stopped by {@link #close()}.
 */
public final class Postgres implements AutoCloseable {
  public static final String USER = "lifeboat";
  public final int port;
  private final String password;
  private final Process server;
  private final Path dir;

  private Postgres(int port, String password, Process server, Path dir) {
    this.port = port;
    this.password = password;
    this.server = server;
    this.dir = dir;
  }

  /** The server's bin folder (initdb, postgres), the newest installed. */
  static Path binaries() {
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(java.util.Comparator.comparing(Path::toString)).orElseThrow();
    } catch (IOException | java.util.NoSuchElementException e) {
      throw new AssertionError("the PostgreSQL server is not installed" + ("true".equals(System.getenv("CI")) ? " in CI" : "")
          + ": run the tests with scripts/test.sh, which installs it (apt-get install postgresql)");
    }
  }

  public static Postgres start(Path dir, String password) throws Exception {
    Path bin = binaries();
    Files.createDirectories(dir);
    Path data = dir.resolve("data");
    Path socket = dir.resolve("socket");
    Files.createDirectories(socket);
    Path pwfile = dir.resolve("pwfile");
    Files.writeString(pwfile, password + "\n");
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
      // The folders above must let the postgres user through.
      for (Path p = dir.getParent(); p != null; p = p.getParent()) {
        p.toFile().setExecutable(true, false);
      }
    }
    run(asServerUser(root, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
        "--pwfile=" + pwfile, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8")));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process server = new ProcessBuilder(asServerUser(root, List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
        "-p", String.valueOf(port), "-k", socket.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off")))
        .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
    Postgres pg = new Postgres(port, password, server, dir);
    Eventually.await(Duration.ofSeconds(60), "PostgreSQL accepts connections", () -> {
      try {
        return pg.psqlExit("postgres", "SELECT 1") == 0;
      } catch (Exception e) {
        return false;
      }
    });
    return pg;
  }

  private static List<String> asServerUser(boolean root, List<String> command) {
    if (!root) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
  }

  /** Runs SQL with psql (ON_ERROR_STOP) and returns its unaligned, tuples-only output. */
  public String sql(String database, String sql) throws Exception {
    Process p = psql(database, sql);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), "psql failed: " + out);
    return out.strip();
  }

  private int psqlExit(String database, String sql) throws Exception {
    Process p = psql(database, sql);
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }

  private Process psql(String database, String sql) throws IOException {
    ProcessBuilder builder = new ProcessBuilder("psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
        "-p", String.valueOf(port), "-U", USER, "-d", database, "-c", sql).redirectErrorStream(true);
    builder.environment().put("PGPASSWORD", password);
    return builder.start();
  }

  /**
   * A checksum per table of the database (every row, in primary-key order) and per large object:
   * what a restore must give back exactly.
   */
  public Map<String, String> checksums(String database) throws Exception {
    Map<String, String> sums = new LinkedHashMap<>();
    for (String table : sql(database, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
        .lines().filter(l -> !l.isBlank()).toList()) {
      sums.put(table, sql(database, "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '')"
          + " FROM public.\"" + table + "\" t"));
    }
    sums.put("large objects", sql(database, "SELECT count(*) || ':' || coalesce(md5(string_agg(md5(lo_get(oid)), ','"
        + " ORDER BY oid)), '') FROM pg_largeobject_metadata"));
    return sums;
  }

  @Override
  public void close() {
    server.descendants().forEach(ProcessHandle::destroy);
    server.destroy();
    try {
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public Path dir() {
    return dir;
  }
}
