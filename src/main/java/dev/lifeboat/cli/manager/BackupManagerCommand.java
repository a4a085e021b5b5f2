package dev.lifeboat.cli.manager;

import picocli.CommandLine.Command;

/** {@code lifeboat backup-manager ...}: the entrypoint of lifeboat's Jobs. Not for people. */
@Command(name = "backup-manager", hidden = true,
    description = "Entrypoint of the Jobs lifeboat creates (backup, verify, repository-init).",
    subcommands = {ManagerBackupCommand.class, ManagerVerifyCommand.class, ManagerRepositoryInitCommand.class,
        ManagerRestoreCommand.class, ManagerSnapshotCheckCommand.class, ManagerForgetCommand.class,
        ManagerMaintainCommand.class, ManagerDeleteDataCommand.class, ManagerKeyCommand.class,
        ManagerDrillPostgresCommand.class})
public final class BackupManagerCommand {}
