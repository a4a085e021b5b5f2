package dev.lifeboat.lifecycle.restore;

import dev.lifeboat.api.BackupSource;
import dev.lifeboat.lifecycle.SourceChecks;
import dev.lifeboat.api.Copies;
import dev.lifeboat.api.RestoreSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What an application restore writes into: the backup's own source, with the restore's overrides
 * ({@code spec.target.database}, {@code spec.target.openbao}) applied. The restore Job receives this
 * source; the operation lock is named after its {@link BackupSource#target()}.
 */
public final class RestoreTargets {
  private RestoreTargets() {}

  /** The source the restore Job writes into, or null for a claim restore (or when unknown). */
  public static BackupSource applicationTarget(RestoreSpec spec, BackupSource backupSource) {
    if (backupSource == null || backupSource.kind() == null || backupSource.isClaim()) {
      return null;
    }
    BackupSource target = Copies.deepCopy(backupSource, BackupSource.class);
    if (spec.target != null && spec.target.database != null && target.postgres != null) {
      target.postgres.database = spec.target.database;
      target.postgres.all = null;
    }
    if (spec.target != null && spec.target.openbao != null && target.openBao() != null) {
      target.openBao().address = spec.target.openbao;
    }
    return target;
  }

  /** Target overrides that do not fit the backup's kind of source, in the user's terms. */
  static List<String> mismatches(RestoreSpec spec, BackupSource backupSource) {
    List<String> errors = new ArrayList<>();
    if (spec.target == null || backupSource == null || backupSource.kind() == null) {
      return errors;
    }
    BackupSource.Kind kind = backupSource.kind();
    if (spec.target.pvc != null && !kind.isClaim()) {
      errors.add("spec.target.pvc is for PVC backups; this Backup holds a " + kind + " stream");
    }
    if (spec.target.database != null && kind != BackupSource.Kind.postgres) {
      errors.add("spec.target.database (--to-database) is for PostgreSQL backups; this Backup is of a " + kind);
    } else if (spec.target.database != null && backupSource.postgres.dumpsAll()) {
      errors.add("spec.target.database cannot be used with a pg_dumpall backup (it recreates every database)");
    }
    if (spec.target.openbao != null && kind != BackupSource.Kind.openbao) {
      errors.add("spec.target.openbao (--to-openbao) is for OpenBao/Vault backups; this Backup is of a " + kind);
    } else if (spec.target.openbao != null && !spec.target.openbao.matches(SourceChecks.HTTP_ADDRESS)) {
      errors.add("spec.target.openbao \"" + spec.target.openbao + "\" is not an http(s)://host[:port] address");
    }
    if (kind == BackupSource.Kind.command && backupSource.command.restoreCommand.isEmpty()) {
      errors.add("the Backup's source.command has no restoreCommand: nothing can read the snapshot back");
    }
    return errors;
  }
}
