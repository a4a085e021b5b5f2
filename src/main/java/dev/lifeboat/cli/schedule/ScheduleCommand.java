package dev.lifeboat.cli.schedule;

import picocli.CommandLine.Command;

/** {@code lifeboat schedule ...}. */
@Command(name = "schedule", aliases = "sched", description = "Create and inspect Schedules (Backups on a cron, with retention).",
    subcommands = {ScheduleCreateCommand.class, ScheduleGetCommand.class, ScheduleDescribeCommand.class,
        ScheduleDeleteCommand.class, ScheduleSuspendCommand.class, ScheduleResumeCommand.class, ScheduleRunCommand.class})
public final class ScheduleCommand {}
