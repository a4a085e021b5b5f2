package dev.lifeboat.cli.backup;

import dev.lifeboat.api.BackupSource;
import dev.lifeboat.api.SecretKeyRef;

/** How describe names an application source: where it is and how lifeboat logs in (Secret names only). */
public final class SourceText {
  private SourceText() {}

  public static String describe(BackupSource source) {
    return switch (source.kind()) {
      case pvc -> "PVC " + source.pvc;
      case postgres -> (source.postgres.dumpsAll() ? "pg_dumpall of " : "pg_dump (" + source.postgres.formatOrDefault()
          + ") of ") + source.target() + " as " + source.postgres.user + secret(", password from ", source.postgres.passwordSecretRef);
      case openbao -> "raft snapshot of " + source.openBao().address + (source.openBao().kubernetes != null
          ? ", kubernetes auth role " + source.openBao().kubernetes.role
          : secret(", token from ", source.openBao().tokenSecretRef));
      case tidb -> "br backup full of PD " + source.tidb.pd + ", storage from Secret " + source.tidb.storageSecret;
      case command -> "stdout of " + String.join(" ", source.command.command)
          + (source.command.restoreCommand.isEmpty() ? " (no restore command)"
              : "; restored by " + String.join(" ", source.command.restoreCommand));
    };
  }

  private static String secret(String prefix, SecretKeyRef ref) {
    return ref == null ? "" : prefix + "Secret " + ref.name + "/" + ref.keyOrDefault();
  }
}
