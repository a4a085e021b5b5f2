package dev.lifeboat.cli.drill;

import dev.lifeboat.cli.KindDeleteCommand;
import dev.lifeboat.cli.KindGetCommand;
import picocli.CommandLine.Command;

/** {@code lifeboat drill ...}. */
@Command(name = "drill", description = "Restore drills: prove a Backup comes back, into a scratch claim no application"
    + " uses, and time it.",
    subcommands = {DrillCreateCommand.class, KindGetCommand.class, DrillDescribeCommand.class, KindDeleteCommand.class,
        DrillLogsCommand.class})
public final class DrillCommand {}
