package dev.lifeboat.manager.sources;

import dev.lifeboat.api.PostgresSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL: {@code pg_dump -Fc} (or plain, or {@code pg_dumpall}) as a producer; {@code
 * pg_restore --clean --if-exists --single-transaction} (or {@code psql}) as a consumer. The password
 * is PGPASSWORD in the Job's environment (from the Secret ref), which libpq reads itself: it is in
 * no argument. PGCONNECT_TIMEOUT bounds an unreachable host.
 */
public final class PostgresStreams {
  static final String CONNECT_TIMEOUT_SECONDS = "15";

  private PostgresStreams() {}

  public static Producer dump(PostgresSource pg) throws Producer.StartException {
    List<String> command = new ArrayList<>();
    if (pg.dumpsAll()) {
      command.addAll(List.of("pg_dumpall", "--clean", "--if-exists"));
    } else {
      command.addAll(List.of("pg_dump", "--verbose", "custom".equals(pg.formatOrDefault()) ? "-Fc" : "-Fp"));
      if ("plain".equals(pg.formatOrDefault())) {
        command.addAll(List.of("--clean", "--if-exists"));
      }
    }
    command.addAll(connection(pg, pg.dumpsAll() ? null : pg.database));
    // --verbose names each table it dumps: counted for describe, kept out of the log.
    return ProcessStream.start(pg.dumpsAll() ? "pg_dumpall" : "pg_dump", command, environment(pg),
        line -> line.contains("dumping contents of table"), "tables");
  }

  public static Consumer restore(PostgresSource pg) throws Producer.StartException {
    List<String> command = new ArrayList<>();
    if (pg.dumpsAll()) {
      // pg_dumpall's script recreates every database; it cannot run in one transaction. Roles that
      // exist already (the one connecting) make a few statements fail: those are logged, not fatal.
      command.addAll(List.of("psql", "--quiet"));
      command.addAll(connection(pg, "postgres"));
      return ProcessStream.startConsumer("psql", command, environment(pg));
    }
    if ("plain".equals(pg.formatOrDefault())) {
      command.addAll(List.of("psql", "--quiet", "--single-transaction", "-v", "ON_ERROR_STOP=1"));
      command.addAll(connection(pg, pg.database));
      return ProcessStream.startConsumer("psql", command, environment(pg));
    }
    command.addAll(List.of("pg_restore", "--clean", "--if-exists", "--single-transaction", "--exit-on-error"));
    command.addAll(connection(pg, pg.database));
    return ProcessStream.startConsumer("pg_restore", command, environment(pg));
  }

  private static List<String> connection(PostgresSource pg, String database) {
    List<String> args = new ArrayList<>(List.of("--host", pg.host, "--port", String.valueOf(pg.portOrDefault()),
        "--username", pg.user, "--no-password"));
    if (database != null) {
      args.addAll(List.of("--dbname", database));
    }
    return args;
  }

  private static Map<String, String> environment(PostgresSource pg) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PGCONNECT_TIMEOUT", CONNECT_TIMEOUT_SECONDS);
    env.put("PGAPPNAME", "lifeboat");
    if (pg.sslMode != null) {
      env.put("PGSSLMODE", pg.sslMode);
    }
    return env;
  }
}
