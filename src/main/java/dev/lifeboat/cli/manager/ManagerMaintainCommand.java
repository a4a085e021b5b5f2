package dev.lifeboat.cli.manager;

import dev.lifeboat.api.MaintenanceTask;
import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.manager.MaintainRun;
import dev.lifeboat.manager.Restic;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code backup-manager maintain --name REPOSITORY --task check|prune|verify|unlock}. */
@Command(name = "maintain", description = "One maintenance run of a Repository (check, prune, verify or unlock).")
final class ManagerMaintainCommand extends ManagerCommand {
  @Option(names = "--task", required = true, paramLabel = "TASK")
  MaintenanceTask task;

  @Option(names = "--job", required = true, paramLabel = "JOB", description = "This Job's name (marks its output).")
  String job;

  @Option(names = "--locks-before", required = true, paramLabel = "TIME",
      description = "Locks older than this of an ended Job's pod are stale.")
  Instant locksBefore;

  @Option(names = "--live-host", paramLabel = "POD", description = "A live pod (repeatable).")
  List<String> liveHosts = new ArrayList<>();

  @Option(names = "--gone-job", paramLabel = "JOB",
      description = "A lifeboat Job that ended: its pods' locks are nobody's (repeatable).")
  List<String> goneJobs = new ArrayList<>();

  @Option(names = "--read-data-subset", paramLabel = "SUBSET")
  String readDataSubset;

  @Option(names = "--max-unused", paramLabel = "LIMIT")
  String maxUnused;

  @Option(names = "--remove-all", description = "unlock: remove every lock, live ones too.")
  boolean removeAll;

  @Override
  JobReport work() throws Exception {
    return new MaintainRun(this::client, Restic.fromEnvironment()).run(targetNamespace, name, new MaintainRun.Options(
        task, job, new HashSet<>(liveHosts), new HashSet<>(goneJobs), locksBefore, readDataSubset, maxUnused, removeAll, snapshotHost));
  }
}
