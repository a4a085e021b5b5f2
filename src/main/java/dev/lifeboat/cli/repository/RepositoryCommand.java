package dev.lifeboat.cli.repository;

import dev.lifeboat.cli.KindGetCommand;
import picocli.CommandLine.Command;
import dev.lifeboat.cli.repository.key.RepositoryKeyCommand;

/** {@code lifeboat repository ...}. */
@Command(name = "repository", aliases = "repo", description = "Create and inspect Repositories (where snapshots live).",
    subcommands = {RepositoryCreateCommand.class, KindGetCommand.class, RepositoryDescribeCommand.class,
        RepositoryDeleteCommand.class, RepositoryCheckCommand.class, RepositoryPruneCommand.class,
        RepositoryVerifyCommand.class, RepositoryUnlockCommand.class, RepositorySnapshotsCommand.class,
        RepositoryImportCommand.class, RepositoryKeyCommand.class})
public final class RepositoryCommand {}
