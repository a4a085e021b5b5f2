package dev.lifeboat.cli.sandbox;

import picocli.CommandLine.Command;

/** {@code lifeboat sandbox pvc ...}. */
@Command(name = "pvc", description = "Sandbox claims backed by local folders.", subcommands = SandboxPvcCreateCommand.class)
public final class SandboxPvcCommand {}
