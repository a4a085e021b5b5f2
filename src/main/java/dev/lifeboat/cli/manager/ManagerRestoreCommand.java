package dev.lifeboat.cli.manager;

import dev.lifeboat.api.RestoreMode;
import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.manager.RestoreRun;
import dev.lifeboat.manager.Restic;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "restore", description = "Restore a snapshot into the mounted target; --abort=true cleans up instead.")
final class ManagerRestoreCommand extends ManagerCommand {
  @Option(names = "--snapshot", required = true, paramLabel = "ID")
  String snapshot;

  @Option(names = "--path", required = true, paramLabel = "DIR", description = "Where the target claim is mounted.")
  Path path;

  @Option(names = "--mode", defaultValue = "Replace", paramLabel = "MODE")
  RestoreMode mode;

  @Option(names = "--abort", arity = "0..1", defaultValue = "false", paramLabel = "BOOL",
      description = "Clean up after a failed or aborted restore: remove partial output, release stale locks.")
  boolean abort;

  @Override
  JobReport work() throws Exception {
    RestoreRun run = new RestoreRun(Restic.fromEnvironment());
    return abort ? run.abort(path) : run.restore(name, snapshot, path, mode);
  }
}
