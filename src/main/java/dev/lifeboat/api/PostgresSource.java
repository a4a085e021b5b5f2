package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** A PostgreSQL database (or, with {@code all}, the whole server) dumped with pg_dump / pg_dumpall. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PostgresSource extends UnknownFields {
  public static final int DEFAULT_PORT = 5432;

  @Required
  @JsonPropertyDescription("Host name or address of the PostgreSQL server (e.g. the Service name).")
  public String host;

  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Port; default 5432.")
  public Integer port;

  @JsonPropertyDescription("Database to dump (pg_dump). Exactly one of database and all.")
  public String database;

  @JsonPropertyDescription("Dump every database, roles and tablespaces (pg_dumpall; always plain SQL).")
  public Boolean all;

  @Required
  @JsonPropertyDescription("Role to connect as.")
  public String user;

  @JsonPropertyDescription("Secret key holding the role's password (reaches the Job as PGPASSWORD, never an argument).")
  public SecretKeyRef passwordSecretRef;

  @JsonPropertyDescription("libpq sslmode: disable, allow, prefer (default), require, verify-ca or verify-full.")
  public String sslMode;

  @JsonPropertyDescription("custom (default: pg_dump -Fc, restored with pg_restore) or plain (SQL, restored with psql).")
  public String format;

  public int portOrDefault() {
    return port == null ? DEFAULT_PORT : port;
  }

  @JsonIgnore
  public boolean dumpsAll() {
    return Boolean.TRUE.equals(all);
  }

  /** plain for pg_dumpall, else the format asked for (custom by default). */
  @JsonIgnore
  public String formatOrDefault() {
    return dumpsAll() ? "plain" : format == null || format.isBlank() ? "custom" : format;
  }
}
