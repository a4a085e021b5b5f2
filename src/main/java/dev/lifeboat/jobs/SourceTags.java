package dev.lifeboat.jobs;

import dev.lifeboat.api.BackupSource;
import java.util.List;

/** The restic tags that say what a snapshot holds: {@code pvc=NAME}, or {@code source=KIND} and details. */
public final class SourceTags {
  private SourceTags() {}

  public static List<String> of(BackupSource source) {
    return switch (source.kind()) {
      case pvc -> List.of("pvc=" + source.pvc);
      case postgres -> List.of("source=postgres",
          "database=" + tagValue(source.postgres.dumpsAll() ? "*" : source.postgres.database));
      case openbao -> List.of("source=openbao");
      case tidb -> List.of("source=tidb");
      case command -> List.of("source=command");
    };
  }

  /** restic splits tags at commas and cannot hold white space in one. */
  private static String tagValue(String value) {
    return value.replaceAll("[,\\s]", "_");
  }
}
