package dev.lifeboat.cli.debug;

import picocli.CommandLine.Command;

/** {@code lifeboat debug ...}. */
@Command(name = "debug", description = "What a bug report needs, collected in one file.",
    subcommands = {DebugBundleCommand.class})
public final class DebugCommand {}
