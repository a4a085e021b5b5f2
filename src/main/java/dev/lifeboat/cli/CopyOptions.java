package dev.lifeboat.cli;

import dev.lifeboat.api.BackupHook;
import dev.lifeboat.api.BackupHooks;
import dev.lifeboat.api.CopyMethod;
import dev.lifeboat.api.Durations;
import dev.lifeboat.lifecycle.backup.CopyChecks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * How a backup reads its claim and what runs around the copy: {@code --copy-method}, {@code --volume-snapshot-class},
 * {@code --pre-hook}, {@code --post-hook} (with {@code --hook-timeout} and {@code --hook-on-error} for all of them).
 * Shared by {@code backup create} and {@code schedule create}.
 *
 * <p>A hook is {@code TARGET[/CONTAINER]:COMMAND} (K8up's convention: the command after the first colon runs as
 * {@code /bin/sh -c COMMAND}): TARGET is {@code deployment/NAME}, {@code statefulset/NAME}, {@code daemonset/NAME},
 * {@code pod/NAME} or a label selector ({@code app=db}); {@code /CONTAINER} picks the container (default: the first).
 */
public final class CopyOptions {
  @Option(names = "--copy-method", paramLabel = "METHOD", description = "direct (default: read the live claim), snapshot"
      + " (a VolumeSnapshot, then a temporary claim from it) or clone (a temporary CSI clone of the claim).")
  String copyMethod;

  @Option(names = "--volume-snapshot-class", paramLabel = "CLASS",
      description = "With --copy-method snapshot: the VolumeSnapshotClass (default: the claim's driver's default class).")
  String snapshotClass;

  @Option(names = "--pre-hook", paramLabel = "TARGET[/CONTAINER]:COMMAND", description = "Run COMMAND (/bin/sh -c) in"
      + " the pods of TARGET (deployment/NAME, statefulset/NAME, pod/NAME or a label selector) before the copy;"
      + " repeatable, in order. E.g. \"deployment/db:psql -U postgres -c CHECKPOINT\".")
  List<String> preHooks = new ArrayList<>();

  @Option(names = "--post-hook", paramLabel = "TARGET[/CONTAINER]:COMMAND",
      description = "Run COMMAND after the copy was taken (after a failure too, once a pre hook ran); repeatable.")
  List<String> postHooks = new ArrayList<>();

  @Option(names = "--hook-timeout", paramLabel = "DUR", converter = DurationConverter.class,
      description = "How long each hook may run (default 30s).")
  Duration hookTimeout;

  @Option(names = "--hook-on-error", paramLabel = "fail|continue",
      description = "fail (default): a failing hook fails the backup; continue: it is recorded and the backup goes on.")
  String hookOnError;

  public boolean given() {
    return copyMethod != null || snapshotClass != null || !preHooks.isEmpty() || !postHooks.isEmpty();
  }

  /** The copy method, or null for the default. */
  public CopyMethod method() {
    if (copyMethod == null) {
      return null;
    }
    for (CopyMethod m : CopyMethod.values()) {
      if (m.name().equalsIgnoreCase(copyMethod)) {
        return m;
      }
    }
    throw UserException.usage("--copy-method: \"" + copyMethod + "\" is not direct, snapshot or clone");
  }

  public String snapshotClass() {
    if (snapshotClass != null) {
      Validation.objectName("--volume-snapshot-class", snapshotClass);
    }
    return snapshotClass;
  }

  /** The hooks, each checked; null when none was given. */
  public BackupHooks hooks() {
    if (preHooks.isEmpty() && postHooks.isEmpty()) {
      if (hookTimeout != null || hookOnError != null) {
        throw UserException.usage("--hook-timeout and --hook-on-error apply to hooks: give --pre-hook or --post-hook");
      }
      return null;
    }
    BackupHooks hooks = new BackupHooks();
    preHooks.forEach(h -> hooks.pre.add(parse("--pre-hook", h)));
    postHooks.forEach(h -> hooks.post.add(parse("--post-hook", h)));
    return hooks;
  }

  /** Everything together, as the spec will hold it: the same checks the controller makes. */
  public void check(boolean claimSource) {
    if (snapshotClass != null && method() != CopyMethod.Snapshot) {
      throw UserException.usage("--volume-snapshot-class needs --copy-method snapshot");
    }
    List<String> problems = CopyChecks.problems("", method(), snapshotClass(), hooks(), claimSource);
    if (!problems.isEmpty()) {
      throw UserException.usage(String.join("; ", problems).replace("copyMethod", "--copy-method")
          .replace("volumeSnapshotClassName", "--volume-snapshot-class")
          .replace("hooks apply", "--pre-hook and --post-hook apply"));
    }
  }

  private BackupHook parse(String option, String text) {
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1 || text.substring(colon + 1).isBlank()) {
      throw UserException.usage(option + " \"" + text + "\": write TARGET[/CONTAINER]:COMMAND, e.g."
          + " \"deployment/db:psql -c CHECKPOINT\" or \"app=db/postgres:sync\"");
    }
    String target = text.substring(0, colon).strip();
    BackupHook hook = new BackupHook();
    hook.command = List.of("/bin/sh", "-c", text.substring(colon + 1).strip());
    String[] parts = target.split("/");
    boolean named = parts[0].matches("pod|deployment|statefulset|daemonset");
    if (named && parts.length >= 2) {
      if (parts.length > 3) {
        throw UserException.usage(option + " \"" + text + "\": TARGET is KIND/NAME[/CONTAINER]");
      }
      Validation.objectName(option + " target name", parts[1]);
      if ("pod".equals(parts[0])) {
        hook.pod = parts[1];
      } else {
        hook.workload = parts[0] + "/" + parts[1];
      }
      hook.container = parts.length == 3 ? parts[2] : null;
    } else if (target.contains("=") || target.contains(" in ") || target.contains("!")) {
      int slash = target.lastIndexOf('/');
      // A selector's keys may hold a prefix with a slash (app.kubernetes.io/name=db): a container follows the value.
      boolean container = slash > target.lastIndexOf('=') && slash > target.lastIndexOf(')');
      hook.selector = container ? target.substring(0, slash) : target;
      hook.container = container ? target.substring(slash + 1) : null;
      try {
        dev.lifeboat.schedule.LabelSelectors.parse(hook.selector);
      } catch (IllegalArgumentException e) {
        throw UserException.usage(option + " \"" + text + "\": " + e.getMessage());
      }
    } else {
      throw UserException.usage(option + " \"" + text + "\": TARGET must be deployment/NAME, statefulset/NAME,"
          + " daemonset/NAME, pod/NAME or a label selector (app=db)");
    }
    if (hook.container != null) {
      Validation.objectName(option + " container", hook.container);
    }
    if (hookTimeout != null) {
      if (hookTimeout.toSeconds() < 1) {
        throw UserException.usage("--hook-timeout must be at least 1s");
      }
      hook.timeout = Durations.format(hookTimeout);
    }
    if (hookOnError != null) {
      switch (hookOnError.toLowerCase(Locale.ROOT)) {
        case "fail" -> hook.onError = BackupHook.OnError.Fail;
        case "continue" -> hook.onError = BackupHook.OnError.Continue;
        default -> throw UserException.usage("--hook-on-error: \"" + hookOnError + "\" is not fail or continue");
      }
    }
    return hook;
  }
}
