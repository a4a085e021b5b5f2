package dev.lifeboat.cli.schedule;

import dev.lifeboat.cli.KindGetCommand;
import picocli.CommandLine.Command;

/** {@code lifeboat schedule ...}. */
@Command(name = "schedule", aliases = "sched", description = "Create and inspect Schedules (Backups on a cron, with retention).",
    subcommands = {ScheduleCreateCommand.class, KindGetCommand.class, ScheduleDescribeCommand.class,
        ScheduleDeleteCommand.class, ScheduleSuspendCommand.class, ScheduleResumeCommand.class, ScheduleRunCommand.class})
public final class ScheduleCommand {}
