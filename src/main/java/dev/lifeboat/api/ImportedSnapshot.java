package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/** The snapshot an imported Backup stands for, as restic lists it (disaster recovery). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImportedSnapshot extends UnknownFields {
  @Required
  @Pattern("^[0-9a-f]{8,64}$")
  @JsonPropertyDescription("Full restic snapshot ID.")
  public String id;

  @JsonPropertyDescription("When restic took it (RFC 3339).")
  public String time;

  @JsonPropertyDescription("restic's host: lifeboat sets it to the namespace of the Backup that made it.")
  public String hostname;

  public List<String> paths = new ArrayList<>();

  public List<String> tags = new ArrayList<>();
}
