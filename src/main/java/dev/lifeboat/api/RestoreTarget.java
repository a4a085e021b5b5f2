package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** Where a restore writes. Each field defaults to the backup's own source. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreTarget {
  @Pattern(Names.DNS_SUBDOMAIN)
  @JsonPropertyDescription("Claim to restore into (PVC backups); default the backup's PVC.")
  public String pvc;

  @JsonPropertyDescription("Database to restore into (PostgreSQL backups); default the backup's database. It must exist.")
  public String database;

  @JsonPropertyDescription("Address of the OpenBao/Vault cluster to restore into (raft snapshot backups); default the backup's.")
  public String openbao;
}
