package dev.lifeboat.cli.restore;

import dev.lifeboat.cli.KindGetCommand;
import picocli.CommandLine.Command;

/** {@code lifeboat restore ...}. */
@Command(name = "restore", description = "Restore snapshots into PVCs, stopping and starting applications around it.",
    subcommands = {RestoreCreateCommand.class, KindGetCommand.class, RestoreDescribeCommand.class,
        RestoreDeleteCommand.class, RestoreLogsCommand.class})
public final class RestoreCommand {}
