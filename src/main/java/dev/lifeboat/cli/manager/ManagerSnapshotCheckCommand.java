package dev.lifeboat.cli.manager;

import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.manager.RestoreRun;
import dev.lifeboat.manager.Restic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import dev.lifeboat.manager.Reachability;
import java.nio.file.Path;
import java.time.Duration;

@Command(name = "snapshot-check", description = "Confirm a snapshot exists in the repository and holds what its"
    + " target takes (--holds files: a claim's tree; stream: one application stream).")
final class ManagerSnapshotCheckCommand extends ManagerCommand {
  @Option(names = "--snapshot", required = true, paramLabel = "ID")
  String snapshot;

  @Option(names = "--holds", defaultValue = "files", paramLabel = "files|stream")
  String holds;

  @Option(names = "--reach", paramLabel = "HOST:PORT", description = "An application target: it must accept a"
      + " connection (a name that does not resolve, or a refusal, fails the restore before anything is stopped).")
  String reach;

  @Option(names = "--target", paramLabel = "TARGET", description = "How the target is named in messages.")
  String target;

  @Option(names = "--room-in", paramLabel = "DIR", description = "The target claim's mount: the snapshot must fit"
      + " beside what it holds (a restore writes it in full before it removes anything).")
  Path roomIn;

  @Option(names = "--capacity", paramLabel = "BYTES", description = "The claim's capacity, when its file system"
      + " does not tell (a folder on a larger disk).")
  Long capacity;

  @Override
  JobReport work() throws Exception {
    if (reach != null) {
      String unreachable = Reachability.problem(reach, Duration.ofSeconds(10));
      if (unreachable != null) {
        return JobReport.failure("cannot reach " + (target == null ? reach : target) + ": " + unreachable);
      }
    }
    RestoreRun run = new RestoreRun(Restic.fromEnvironment());
    JobReport found = run.checkSnapshot(snapshot, holds.equals("stream"), snapshotHost);
    if (roomIn == null || !Boolean.TRUE.equals(found.ok())) {
      return found;
    }
    String noRoom = run.roomProblem(found.snapshotId(), roomIn, capacity);
    return noRoom == null ? found : JobReport.failure(noRoom);
  }
}
