package dev.lifeboat.lifecycle;

import dev.lifeboat.api.BackupSource;
import dev.lifeboat.api.CommandSource;
import dev.lifeboat.api.Names;
import dev.lifeboat.api.OpenBaoSource;
import dev.lifeboat.api.PostgresSource;
import dev.lifeboat.api.SecretKeyRef;
import dev.lifeboat.api.TidbSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks of a Backup's {@code spec.source}, each problem naming its field: shared by the Backup
 * lifecycle (objects written with kubectl) and the CLI (which refuses before creating anything).
 */
public final class SourceChecks {
  public static final String HTTP_ADDRESS = "^https?://[^\\s/?#@]+(:[0-9]{1,5})?/?$";
  static final String HOST = "^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$|^\\[[0-9a-fA-F:]+\\]$";
  static final String HOST_PORT = "^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?:[0-9]{1,5}$";
  static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  private SourceChecks() {}

  public static List<String> problems(BackupSource source) {
    List<String> problems = new ArrayList<>();
    if (source == null || source.kindsSet() == 0) {
      problems.add("spec.source needs one of pvc, postgres, openbao (or vault), tidb, command");
      return problems;
    }
    if (source.kindsSet() > 1) {
      problems.add("spec.source sets more than one of pvc, postgres, openbao, vault, tidb, command: keep one");
      return problems;
    }
    switch (source.kind()) {
      case pvc -> name(problems, "spec.source.pvc", source.pvc);
      case postgres -> postgres(problems, source.postgres);
      case openbao -> openBao(problems, source.openbao != null ? "spec.source.openbao" : "spec.source.vault",
          source.openBao());
      case tidb -> tidb(problems, source.tidb);
      case command -> command(problems, source.command);
    }
    return problems;
  }

  private static void postgres(List<String> problems, PostgresSource pg) {
    if (blank(pg.host) || !pg.host.matches(HOST)) {
      problems.add("spec.source.postgres.host \"" + nullToEmpty(pg.host) + "\" is not a host name or address");
    }
    if (blank(pg.user)) {
      problems.add("spec.source.postgres.user is required (the role pg_dump connects as)");
    }
    if (pg.dumpsAll() == !blank(pg.database)) {
      problems.add("spec.source.postgres: set exactly one of database and all: true");
    } else if (!pg.dumpsAll() && (pg.database.contains("/") || pg.database.startsWith("."))) {
      problems.add("spec.source.postgres.database \"" + pg.database + "\" cannot be used as a file name in the snapshot");
    }
    if (pg.sslMode != null && !SSL_MODES.contains(pg.sslMode)) {
      problems.add("spec.source.postgres.sslMode \"" + pg.sslMode + "\": use one of disable, allow, prefer,"
          + " require, verify-ca, verify-full");
    }
    if (pg.format != null && !pg.format.equals("custom") && !pg.format.equals("plain")) {
      problems.add("spec.source.postgres.format \"" + pg.format + "\": use custom or plain");
    } else if (pg.dumpsAll() && "custom".equals(pg.format)) {
      problems.add("spec.source.postgres.format custom cannot be used with all: true (pg_dumpall writes plain SQL)");
    }
    secretRef(problems, "spec.source.postgres.passwordSecretRef", pg.passwordSecretRef);
  }

  private static void openBao(List<String> problems, String field, OpenBaoSource bao) {
    if (blank(bao.address) || !bao.address.matches(HTTP_ADDRESS)) {
      problems.add(field + ".address \"" + nullToEmpty(bao.address) + "\" is not an http(s)://host[:port] address");
    } else if (bao.caSecretRef != null && bao.address.startsWith("http://")) {
      problems.add(field + ".caSecretRef is for https addresses; " + bao.address + " is plain http");
    }
    if ((bao.tokenSecretRef == null) == (bao.kubernetes == null)) {
      problems.add(field + ": set exactly one auth method, tokenSecretRef or kubernetes {role}");
    }
    if (bao.kubernetes != null && blank(bao.kubernetes.role)) {
      problems.add(field + ".kubernetes.role is required (the auth role bound to the Job's service account)");
    }
    secretRef(problems, field + ".tokenSecretRef", bao.tokenSecretRef);
    secretRef(problems, field + ".caSecretRef", bao.caSecretRef);
  }

  private static void tidb(List<String> problems, TidbSource tidb) {
    if (blank(tidb.pd) || !tidb.pd.matches(HOST_PORT)) {
      problems.add("spec.source.tidb.pd \"" + nullToEmpty(tidb.pd) + "\" is not host:port (the PD address br connects to)");
    }
    name(problems, "spec.source.tidb.storageSecret", tidb.storageSecret);
  }

  private static void command(List<String> problems, CommandSource command) {
    if (command.command == null || command.command.isEmpty() || blank(command.command.get(0))) {
      problems.add("spec.source.command.command is empty: give the program whose stdout is the backup");
    }
    for (EnvVar var : command.env == null ? List.<EnvVar>of() : command.env) {
      if (blank(var.getName())) {
        problems.add("spec.source.command.env has an entry without a name");
      }
    }
  }

  private static void secretRef(List<String> problems, String field, SecretKeyRef ref) {
    if (ref != null) {
      name(problems, field + ".name", ref.name);
    }
  }

  private static void name(List<String> problems, String field, String value) {
    String problem = Names.checkObjectName(value);
    if (problem != null) {
      problems.add(field + " \"" + nullToEmpty(value) + "\" " + problem);
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
