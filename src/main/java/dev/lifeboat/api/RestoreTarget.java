package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** Where a restore writes. Each field defaults to the backup's own source. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreTarget extends UnknownFields {
  @Pattern(Names.DNS_SUBDOMAIN)
  @JsonPropertyDescription("Claim to restore into (PVC backups); default the backup's PVC.")
  public String pvc;

  @JsonPropertyDescription("Database to restore into (PostgreSQL backups); default the backup's database. It must exist.")
  public String database;

  @JsonPropertyDescription("Address of the OpenBao/Vault cluster to restore into (raft snapshot backups); default the backup's.")
  public String openbao;

  @Pattern(FILE_NAME)
  @JsonPropertyDescription("With pvc and a snapshot of an application stream: write the stream into the claim as this one"
      + " file, touching nothing else (a file of that name already there fails the restore). Without it a stream is"
      + " never restored into a claim.")
  public String file;

  /** One file name in the claim's top folder: no slash, at most 255 characters (RE2: '.' and '..' are checked apart). */
  public static final String FILE_NAME = "^[^/]{1,255}$";

  /** Why {@code name} cannot be {@code target.file}, or null when it can. */
  public static String fileProblem(String name) {
    if (name == null) {
      return null;
    }
    if (!name.matches(FILE_NAME) || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0) {
      return "\"" + name + "\" is not a file name: one name, no '/', not . or ..";
    }
    return null;
  }
}
