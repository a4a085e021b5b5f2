package dev.lifeboat.cli.repository;

import picocli.CommandLine.Command;

/** {@code lifeboat repository ...}. */
@Command(name = "repository", aliases = "repo", description = "Create and inspect Repositories (where snapshots live).",
    subcommands = {RepositoryCreateCommand.class, RepositoryGetCommand.class, RepositoryDescribeCommand.class,
        RepositoryDeleteCommand.class, RepositoryCheckCommand.class, RepositoryPruneCommand.class,
        RepositoryVerifyCommand.class, RepositoryUnlockCommand.class, RepositorySnapshotsCommand.class,
        RepositoryImportCommand.class, dev.lifeboat.cli.repository.key.RepositoryKeyCommand.class})
public final class RepositoryCommand {}
