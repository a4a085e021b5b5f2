package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.ArrayList;
import java.util.List;

/**
 * Any program whose standard output is the backup (mysqldump, redis-cli --rdb -, tar -c ...): run
 * with {@code sh -c} in the Job's container, its stdout streamed into {@code restic backup --stdin}.
 * A restore feeds the snapshot to {@code restoreCommand}'s standard input.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CommandSource {
  @JsonPropertyDescription("Image of the Job's container; it must hold lifeboat, restic and the program."
      + " Default: the controller's lifeboat image.")
  public String image;

  @JsonPropertyDescription("The program and its arguments (run as is, no shell unless you call one).")
  public List<String> command = new ArrayList<>();

  @JsonPropertyDescription("The program that reads a snapshot back from its stdin, for restores.")
  public List<String> restoreCommand = new ArrayList<>();

  @JsonPropertyDescription("Environment of the program; secrets as valueFrom.secretKeyRef, never as value.")
  public List<EnvVar> env = new ArrayList<>();
}
