package dev.lifeboat.cli;

import dev.lifeboat.api.Names;
import dev.lifeboat.api.BackupSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** Checks of user input shared by the create commands: each failure names the field and the fix. */
public final class Validation {
  private Validation() {}

  public static void objectName(String what, String name) {
    String problem = Names.checkObjectName(name);
    if (problem != null) {
      throw UserException.usage(what + " \"" + name + "\" is not a valid name: it " + problem
          + " (e.g. nightly-2026-01-01)");
    }
  }

  /** A claim size the API takes (e.g. 10Gi, 500Mi), greater than zero, or a usage error naming the option. */
  public static void size(String option, String size) {
    boolean valid = size.matches("[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?");
    try {
      valid = valid && io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(
          new io.fabric8.kubernetes.api.model.Quantity(size)).signum() > 0;
    } catch (IllegalArgumentException | ArithmeticException e) {
      valid = false;
    }
    if (!valid) {
      throw UserException.usage(option + " \"" + size + "\" is no size: use e.g. 10Gi or 500Mi");
    }
  }

  /** restic tags: non-empty, no commas (restic's list separator), no spaces. */
  /** Each KEY=VALUE a Kubernetes label, or a usage error naming the option and the pair. */
  public static void labels(String option, Map<String, String> labels) {
    for (var label : labels.entrySet()) {
      if (!label.getKey().matches("([a-z0-9.-]+/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?")
          || !label.getValue().matches("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?") || label.getValue().length() > 63) {
        throw UserException.usage(option + " " + label.getKey() + "=" + label.getValue() + ": not a Kubernetes label"
            + " (key and value: letters, digits, '-', '_', '.'; value at most 63 characters)");
      }
    }
  }

  public static void tags(List<String> tags) {
    for (String tag : tags) {
      if (tag.isBlank() || tag.contains(",") || tag.chars().anyMatch(Character::isWhitespace)) {
        throw UserException.usage("--tag \"" + tag + "\": tags must be non-empty and contain no commas or spaces");
      }
    }
  }

  /** A Job's pod retries: the CRD allows 0 to 10. */
  public static void backoffLimit(Integer backoffLimit) {
    if (backoffLimit != null && (backoffLimit < 0 || backoffLimit > 10)) {
      throw UserException.usage("--backoff-limit must be between 0 and 10");
    }
  }

  /** A Job's timeout (its activeDeadlineSeconds): at least a second. */
  public static void jobTimeout(Duration timeout, String jobs) {
    if (timeout != null && timeout.toSeconds() < 1) {
      throw UserException.usage("--timeout must be at least 1s: it bounds how long " + jobs + " may run (e.g. 30m)");
    }
  }

  /** {@code --start-timeout}: at least a second. */
  public static void startTimeout(Duration startTimeout) {
    if (startTimeout != null && startTimeout.toSeconds() < 1) {
      throw UserException.usage("--start-timeout must be at least 1s: it bounds how long a Job's pod may wait to start"
          + " (e.g. 5m)");
    }
  }

  /** {@code --deletion-policy}: retain (null: the kind's default) or delete. */
  public static BackupSpec.DeletionPolicy deletionPolicy(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "retain" -> null;
      case "delete" -> BackupSpec.DeletionPolicy.Delete;
      default -> throw UserException.usage("--deletion-policy \"" + value + "\": use retain or delete");
    };
  }
}
