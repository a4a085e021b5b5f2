package dev.lifeboat.cli.backup;

import dev.lifeboat.cli.KindGetCommand;
import dev.lifeboat.cli.KindLogsCommand;
import picocli.CommandLine.Command;

/** {@code lifeboat backup ...}. */
@Command(name = "backup", description = "Create and inspect Backups (one backup run and its snapshot each).",
    subcommands = {BackupCreateCommand.class, KindGetCommand.class, BackupDescribeCommand.class,
        BackupDeleteCommand.class, KindLogsCommand.class})
public final class BackupCommand {}
