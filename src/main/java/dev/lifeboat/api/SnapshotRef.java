package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A snapshot named directly, for a restore without a Backup object. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SnapshotRef extends UnknownFields {
  @Required
  @Pattern(Names.DNS_SUBDOMAIN)
  public String repository;

  @Required
  @Pattern("^[0-9a-f]{8,64}$")
  public String id;
}
