package dev.lifeboat.cli.repository.key;

import picocli.CommandLine.Command;

/** {@code lifeboat repository key list|add|remove|rotate}: a repository's keys, as restic's key commands. */
@Command(name = "key", description = {"A repository's keys (restic's key commands, run in a Job: the CLI holds no"
    + " password).", "rotate changes the password Secret only after restic accepted the new key, then removes the old."},
    subcommands = {RepositoryKeyListCommand.class, RepositoryKeyAddCommand.class, RepositoryKeyRemoveCommand.class,
        RepositoryKeyRotateCommand.class})
public final class RepositoryKeyCommand {}
