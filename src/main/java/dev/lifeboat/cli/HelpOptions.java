package dev.lifeboat.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code -h/--help} on every command and subcommand (inherited from the root, so a new command has
 * it by itself). picocli answers it before any validation: required parameters may be missing.
 */
public final class HelpOptions {
  @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT,
      description = "Show this help message and exit.")
  boolean help;

  @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print version information and exit.")
  boolean version;
}
