package dev.lifeboat.cli.backup;

import dev.lifeboat.cli.KindGetCommand;
import picocli.CommandLine.Command;

/** {@code lifeboat backup ...}. */
@Command(name = "backup", description = "Create and inspect Backups (one backup run and its snapshot each).",
    subcommands = {BackupCreateCommand.class, KindGetCommand.class, BackupDescribeCommand.class,
        BackupDeleteCommand.class, BackupLogsCommand.class})
public final class BackupCommand {}
