package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.net.URI;

/**
 * What a backup reads: exactly one of a PVC's files or an application's stream (a PostgreSQL dump,
 * an OpenBao raft snapshot, a TiDB br backup, any command's stdout). Restores mirror it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupSource extends UnknownFields {
  /** The kinds of source, as their field names. */
  public enum Kind {
    pvc, postgres, openbao, tidb, command;

    /** Whether the backup reads a claim's files (else an application's stream). */
    public boolean isClaim() {
      return this == pvc;
    }
  }

  @Pattern(Names.DNS_SUBDOMAIN)
  @JsonPropertyDescription("PersistentVolumeClaim in the Backup's namespace whose files are backed up.")
  public String pvc;

  @JsonPropertyDescription("A PostgreSQL database dumped with pg_dump (or pg_dumpall) straight into restic.")
  public PostgresSource postgres;

  @JsonPropertyDescription("An OpenBao cluster's raft snapshot.")
  public OpenBaoSource openbao;

  @JsonPropertyDescription("A Vault cluster's raft snapshot (the same API as openbao).")
  public OpenBaoSource vault;

  @JsonPropertyDescription("A TiDB cluster backed up with br.")
  public TidbSource tidb;

  @JsonPropertyDescription("Any program's standard output.")
  public CommandSource command;

  public BackupSource() {}

  public BackupSource(String pvc) {
    this.pvc = pvc;
  }

  /** How many kinds are set: a valid source has exactly one. */
  @JsonIgnore
  public int kindsSet() {
    int n = 0;
    for (Object field : new Object[] {pvc, postgres, openbao, vault, tidb, command}) {
      n += field == null ? 0 : 1;
    }
    return n;
  }

  /** The kind set, or null when none or several are (validation says which). */
  @JsonIgnore
  public Kind kind() {
    if (kindsSet() != 1) {
      return null;
    }
    return pvc != null ? Kind.pvc : postgres != null ? Kind.postgres : openBao() != null ? Kind.openbao
        : tidb != null ? Kind.tidb : Kind.command;
  }

  /** {@code openbao} or its alias {@code vault}. */
  @JsonIgnore
  public OpenBaoSource openBao() {
    return openbao != null ? openbao : vault;
  }

  @JsonIgnore
  public boolean isClaim() {
    return pvc != null;
  }

  /**
   * What a restore of this source overwrites, as one string: the claim's name for a PVC, else
   * {@code <kind>://<where>}. Names the operation lock (a Lease), so backups of a target wait while a
   * restore of it runs.
   */
  @JsonIgnore
  public String target() {
    Kind kind = kind();
    if (kind == null) {
      return null;
    }
    return switch (kind) {
      case pvc -> pvc;
      case postgres -> "postgres://" + postgres.host + ":" + postgres.portOrDefault() + "/"
          + (postgres.dumpsAll() ? "*" : postgres.database);
      case openbao -> "openbao://" + openBao().address.replaceFirst("^https?://", "").replaceAll("/+$", "");
      case tidb -> "tidb://" + tidb.pd;
      case command -> "command://" + String.join(" ", command.command);
    };
  }

  /**
   * The file name the stream has inside its restic snapshot ({@code --stdin-filename}), so a restore
   * finds it with {@code restic dump ID /<file>} without listing the snapshot.
   */
  @JsonIgnore
  public String streamFile() {
    Kind kind = kind();
    if (kind == null || kind == Kind.pvc) {
      return null;
    }
    return switch (kind) {
      case postgres -> postgres.dumpsAll() ? "all.sql"
          : postgres.database + ("plain".equals(postgres.formatOrDefault()) ? ".sql" : ".dump");
      case openbao -> "raft.snap";
      case tidb -> "br-backup.json";
      default -> "stdout";
    };
  }

  /**
   * The {@code host:port} a restore of this application connects to (PostgreSQL, an OpenBao/Vault address, TiDB's
   * PD), checked before anything is stopped; null for a claim or a command, which have none.
   */
  @JsonIgnore
  public String endpoint() {
    Kind kind = kind();
    if (kind == null) {
      return null;
    }
    return switch (kind) {
      case postgres -> postgres.host + ":" + postgres.portOrDefault();
      case openbao -> {
        URI uri = URI.create(openBao().address);
        int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        yield uri.getHost() + ":" + port;
      }
      case tidb -> tidb.pd;
      default -> null;
    };
  }
}
