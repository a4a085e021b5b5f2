package dev.lifeboat.cli.manager;

import dev.lifeboat.api.RestoreMode;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.jobs.SourceArgument;
import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.manager.RestoreRun;
import dev.lifeboat.manager.Restic;
import dev.lifeboat.manager.StreamRestoreRun;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "restore", description = "Restore a snapshot into the mounted target (--path) or an application"
    + " (--source); --abort=true cleans up instead.")
final class ManagerRestoreCommand extends ManagerCommand {
  @Option(names = "--snapshot", required = true, paramLabel = "ID")
  String snapshot;

  @Option(names = "--path", paramLabel = "DIR", description = "Where the target claim is mounted.")
  Path path;

  @Option(names = "--source", paramLabel = "JSON", description = "The application to restore into (a source as JSON).")
  String source;

  @Option(names = "--file", paramLabel = "NAME", description = "The stream's file in the snapshot (with --source).")
  String file;

  @Option(names = "--as-file", paramLabel = "NAME",
      description = "With --path: write the snapshot's one stream into the claim as this file, touching nothing else.")
  String asFile;

  @Option(names = "--capacity", paramLabel = "BYTES", description = "With --path: the claim's capacity, for the room"
      + " check before anything is written.")
  Long capacity;

  @Option(names = "--mode", defaultValue = "Replace", paramLabel = "MODE")
  RestoreMode mode;

  @Option(names = "--abort", arity = "0..1", defaultValue = "false", paramLabel = "BOOL",
      description = "Clean up after a failed or aborted restore: remove partial output (br abort restore for TiDB),"
          + " release stale locks.")
  boolean abort;

  @Override
  JobReport work() throws Exception {
    if ((path == null) == (source == null)) {
      throw UserException.usage("give exactly one of --path (a claim) and --source (an application)");
    }
    if (source != null) {
      StreamRestoreRun run = new StreamRestoreRun(Restic.fromEnvironment(), System.getenv());
      var target = SourceArgument.decode(source);
      String stream = file != null ? file : target.streamFile();
      return abort ? run.abort(snapshot, target, stream) : run.restore(snapshot, target, stream);
    }
    RestoreRun run = new RestoreRun(Restic.fromEnvironment());
    if (abort) {
      return run.abort(path);
    }
    return asFile != null ? run.restoreAsFile(name, snapshot, path, asFile)
        : run.restore(name, snapshot, path, mode, capacity);
  }
}
