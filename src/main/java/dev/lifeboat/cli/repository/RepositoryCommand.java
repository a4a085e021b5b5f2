package dev.lifeboat.cli.repository;

import picocli.CommandLine.Command;

/** {@code lifeboat repository ...}. */
@Command(name = "repository", aliases = "repo", description = "Create and inspect Repositories (where snapshots live).",
    subcommands = {RepositoryCreateCommand.class, RepositoryGetCommand.class, RepositoryDescribeCommand.class,
        RepositoryDeleteCommand.class})
public final class RepositoryCommand {}
