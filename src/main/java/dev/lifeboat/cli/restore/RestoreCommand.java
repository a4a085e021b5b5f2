package dev.lifeboat.cli.restore;

import dev.lifeboat.cli.KindDeleteCommand;
import dev.lifeboat.cli.KindGetCommand;
import dev.lifeboat.cli.KindLogsCommand;
import picocli.CommandLine.Command;

/** {@code lifeboat restore ...}. */
@Command(name = "restore", description = "Restore snapshots into PVCs, stopping and starting applications around it.",
    subcommands = {RestoreCreateCommand.class, KindGetCommand.class, RestoreDescribeCommand.class,
        KindDeleteCommand.class, KindLogsCommand.class})
public final class RestoreCommand {}
