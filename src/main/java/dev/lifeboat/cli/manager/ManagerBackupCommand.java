package dev.lifeboat.cli.manager;

import dev.lifeboat.cli.UserException;
import dev.lifeboat.jobs.SourceArgument;
import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.manager.BackupRun;
import dev.lifeboat.manager.Restic;
import dev.lifeboat.manager.StreamBackupRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "backup", description = "Back up the mounted claim (--path), or an application's stream (--source),"
    + " into the Backup's repository.")
final class ManagerBackupCommand extends ManagerCommand {
  @Option(names = "--path", paramLabel = "DIR", description = "Where the claim is mounted.")
  Path path;

  @Option(names = "--source", paramLabel = "JSON", description = "An application source (spec.source as JSON).")
  String source;

  @Option(names = "--tag", paramLabel = "TAG", description = "A restic tag for the snapshot (repeatable).")
  List<String> tags = new ArrayList<>();

  @Option(names = "--time", paramLabel = "INSTANT", description = "The instant the data is of (a point-in-time copy's,"
      + " RFC 3339): the snapshot's time. Default: now.")
  java.time.Instant time;

  @Override
  JobReport work() throws Exception {
    if ((path == null) == (source == null)) {
      throw UserException.usage("give exactly one of --path (a claim) and --source (an application)");
    }
    if (source != null) {
      return new StreamBackupRun(this::client, Restic.fromEnvironment(), clock(), System.getenv())
          .run(targetNamespace, name, SourceArgument.decode(source), tags);
    }
    return new BackupRun(this::client, Restic.fromEnvironment(), clock())
        .run(new BackupRun.Request(targetNamespace, name, path, tags, time));
  }
}
