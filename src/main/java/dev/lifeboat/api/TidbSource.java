package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * A TiDB cluster backed up by {@code br backup full} into br's own storage; restic keeps a small
 * manifest (the storage location, br's output) so the Backup has a snapshot like any other.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TidbSource extends UnknownFields {
  @Required
  @JsonPropertyDescription("PD address, host:port (br --pd).")
  public String pd;

  @Required
  @Pattern(Names.DNS_SUBDOMAIN)
  @JsonPropertyDescription("Secret whose keys become br's environment: BR_STORAGE (the --storage URL, required),"
      + " optional BR_S3_ENDPOINT and BR_S3_REGION, and the cloud credentials (AWS_ACCESS_KEY_ID, ...).")
  public String storageSecret;
}
