package dev.lifeboat.cli.retention;

import picocli.CommandLine.Command;

/** {@code lifeboat retention}: restic's keep-* policy, without a cluster. */
@Command(name = "retention", description = "Work out restic's retention (forget --keep-*) without touching a repository.",
    subcommands = RetentionPlanCommand.class)
public final class RetentionCommand {}
