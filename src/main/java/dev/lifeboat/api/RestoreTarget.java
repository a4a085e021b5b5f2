package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreTarget {
  /** Defaults to the backup's source PVC. */
  @Pattern(Names.DNS_SUBDOMAIN)
  public String pvc;
}
