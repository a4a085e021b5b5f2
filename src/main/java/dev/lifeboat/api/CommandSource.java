package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.ArrayList;
import java.util.List;

/**
 * Any program whose standard output is the backup (mysqldump, redis-cli --rdb -, tar -c ...): run in a container of
 * its own in the Job's pod (its image, its environment, none of the repository's secrets), its stdout streamed through
 * a named pipe into {@code restic backup --stdin} in lifeboat's container. A restore feeds the snapshot to
 * {@code restoreCommand}'s standard input the same way.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CommandSource extends UnknownFields {
  @JsonPropertyDescription("Image of the program's own container (it needs /bin/sh and the program; it never sees"
      + " the repository's password or credentials). Default: lifeboat's image. Other images run only where the"
      + " installation allows them (install --allowed-image) or the namespace is annotated"
      + " lifeboat.dev/custom-images=true.")
  public String image;

  @JsonPropertyDescription("The program and its arguments (run as is, no shell unless you call one).")
  public List<String> command = new ArrayList<>();

  @JsonPropertyDescription("The program that reads a snapshot back from its stdin, for restores.")
  public List<String> restoreCommand = new ArrayList<>();

  @JsonPropertyDescription("Environment of the program; secrets as valueFrom.secretKeyRef, never as value.")
  public List<EnvVar> env = new ArrayList<>();
}
