package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** A drill's scratch claim, where the backed-up claim no longer says (it was deleted) or should not decide. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DrillScratch extends UnknownFields {
  @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$")
  @JsonPropertyDescription("Size of the scratch claim, e.g. 10Gi.")
  public String size;

  @Pattern(Names.DNS_SUBDOMAIN)
  @JsonPropertyDescription("StorageClass of the scratch claim.")
  public String storageClassName;
}
