package dev.lifeboat.cli.restore;

import picocli.CommandLine.Command;

/** {@code lifeboat restore ...}. */
@Command(name = "restore", description = "Restore snapshots into PVCs, stopping and starting applications around it.",
    subcommands = {RestoreCreateCommand.class, RestoreGetCommand.class, RestoreDescribeCommand.class,
        RestoreDeleteCommand.class, RestoreLogsCommand.class})
public final class RestoreCommand {}
