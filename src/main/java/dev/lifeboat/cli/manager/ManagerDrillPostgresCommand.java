package dev.lifeboat.cli.manager;

import dev.lifeboat.cli.UserException;
import dev.lifeboat.jobs.SourceArgument;
import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.manager.PostgresDrillRun;
import dev.lifeboat.manager.Restic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code backup-manager drill-postgres}: a PostgreSQL Backup restored into a scratch database and checked. */
@Command(name = "drill-postgres", description = "Drill a PostgreSQL snapshot: create the scratch database, restore into"
    + " it, run the check query, drop it (--drop-only: drop a kept one).")
final class ManagerDrillPostgresCommand extends ManagerCommand {
  @Option(names = "--snapshot", paramLabel = "ID")
  String snapshot;

  @Option(names = "--source", required = true, paramLabel = "JSON", description = "The backed-up server (a source as JSON).")
  String source;

  @Option(names = "--file", paramLabel = "NAME", description = "The stream's file in the snapshot.")
  String file;

  @Option(names = "--scratch-database", required = true, paramLabel = "DB")
  String scratch;

  @Option(names = "--check-query", paramLabel = "SQL", description = "Passes when its first value is true or above 0"
      + " (default: some table came back).")
  String checkQuery;

  @Option(names = "--drop-only", description = "Only drop the scratch database (a failed drill's, after keepFailed).")
  boolean dropOnly;

  @Override
  JobReport work() throws Exception {
    var target = SourceArgument.decode(source);
    if (target.postgres == null) {
      throw UserException.usage("--source is not a PostgreSQL source");
    }
    PostgresDrillRun run = new PostgresDrillRun(Restic.fromEnvironment(), System.getenv());
    if (dropOnly) {
      return run.drop(target, scratch);
    }
    if (snapshot == null) {
      throw UserException.usage("--snapshot is required (or --drop-only)");
    }
    return run.drill(snapshot, target, file != null ? file : target.streamFile(), scratch, checkQuery);
  }
}
