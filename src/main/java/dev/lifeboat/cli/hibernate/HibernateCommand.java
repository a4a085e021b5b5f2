package dev.lifeboat.cli.hibernate;

import dev.lifeboat.cli.KindGetCommand;
import picocli.CommandLine.Command;

/** {@code lifeboat hibernate ...}. */
@Command(name = "hibernate", aliases = "hp", description = "Put workloads, CronJobs and node pools to sleep off-hours"
    + " and wake them exactly as they were (HibernatePlans).",
    subcommands = {HibernateCreateCommand.class, HibernateNowCommand.class, HibernateWakeCommand.class,
        HibernateSuspendCommand.class, HibernateResumeCommand.class, KindGetCommand.class,
        HibernateDescribeCommand.class, HibernateDeleteCommand.class})
public final class HibernateCommand {}
