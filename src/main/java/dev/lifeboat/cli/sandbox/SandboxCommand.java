package dev.lifeboat.cli.sandbox;

import picocli.CommandLine.Command;

/** {@code lifeboat sandbox ...}: the embedded default, no cluster needed. */
@Command(name = "sandbox", description = "Run lifeboat with no cluster: an in-process API server and a local Job runner.",
    subcommands = {SandboxStartCommand.class, SandboxDemoCommand.class, SandboxPvcCommand.class})
public final class SandboxCommand {}
