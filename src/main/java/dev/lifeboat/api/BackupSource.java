package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** What a backup reads. Only PVCs in this release; more source kinds come as siblings of pvc. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupSource {
  @Required
  @Pattern(Names.DNS_SUBDOMAIN)
  @JsonPropertyDescription("PersistentVolumeClaim in the Backup's namespace whose files are backed up.")
  public String pvc;

  public BackupSource() {}

  public BackupSource(String pvc) {
    this.pvc = pvc;
  }
}
