package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/**
 * A command run in an application's pods around a backup's copy (flush, freeze, thaw): in one pod by name, or in
 * every running pod of a workload or a label selector. Exactly one of pod, workload and selector.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupHook extends UnknownFields {
  public static final String DEFAULT_TIMEOUT = "30s";

  @Pattern(Names.DNS_SUBDOMAIN)
  @JsonPropertyDescription("A pod of the Backup's namespace, by name.")
  public String pod;

  @Pattern("^(deployment|statefulset|daemonset)/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription("Every running pod of a workload: deployment/NAME, statefulset/NAME or daemonset/NAME.")
  public String workload;

  @JsonPropertyDescription("Every running pod matching this label selector (app=db,tier in (x,y)).")
  public String selector;

  @JsonPropertyDescription("The container to run in. Default: the pod's first container.")
  public String container;

  @Required
  @JsonPropertyDescription("The command (argv, no shell unless you name one): e.g. [/bin/sh, -c, 'psql -c CHECKPOINT'].")
  public List<String> command = new ArrayList<>();

  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription("How long the command may run before it counts as failed (it is then stopped). Default 30s.")
  public String timeout;

  @JsonPropertyDescription("Fail (default): a failing hook fails the Backup (post hooks still run). Continue: it is"
      + " recorded and the backup goes on.")
  public OnError onError;

  public enum OnError {
    Fail,
    Continue
  }

  /** Whether a failure of this hook fails the Backup. */
  public boolean failsBackup() {
    return onError != OnError.Continue;
  }

  /** Where it runs, as the CLI writes it: {@code deployment/db}, {@code pod/db-0}, {@code app=db}. */
  public String target() {
    return pod != null ? "pod/" + pod : workload != null ? workload : selector;
  }

  /** The hook as one line for messages: where, and the command. */
  public String describe() {
    String shell = command.size() == 3 && "/bin/sh".equals(command.get(0)) && "-c".equals(command.get(1))
        ? command.get(2) : String.join(" ", command);
    return target() + (container == null ? "" : "/" + container) + ": " + shell;
  }
}
