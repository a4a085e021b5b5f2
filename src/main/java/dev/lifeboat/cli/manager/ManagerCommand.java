package dev.lifeboat.cli.manager;

import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.manager.ResticVersion;
import dev.lifeboat.manager.TerminationLog;
import picocli.CommandLine.Option;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.manager.DamagedRepositoryException;

/**
 * Shared shape of the in-Job commands: run, write the result to the termination message, exit 0
 * on success and 1 on failure, so the Job's own outcome tells the controller what happened.
 */
abstract class ManagerCommand extends ClientCommand {
  @Option(names = "--name", required = true, paramLabel = "NAME")
  String name;

  @Option(names = "--snapshot-host", paramLabel = "NS", description = "Only snapshots this namespace made (restic"
      + " host): a namespace's Repository sees no other namespace's snapshots.")
  String snapshotHost;

  /** From the inherited -n/--namespace flag. */
  String targetNamespace;

  @Override
  protected final int run() {
    JobReport report;
    if (kube().namespace == null) {
      throw UserException.usage("--namespace is required: the namespace of the object to work on");
    }
    targetNamespace = kube().namespace;
    try {
      report = work();
    } catch (DamagedRepositoryException e) {
      // Not worth a retry: the Job fails at once (podFailurePolicy on this exit code).
      TerminationLog.write(JobReport.failure(e.getMessage()));
      return DamagedRepositoryException.EXIT_CODE;
    } catch (Exception e) {
      report = JobReport.failure(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    if (usesRestic()) {
      report = report.withRestic(ResticVersion.installed());
    }
    TerminationLog.write(report);
    return Boolean.TRUE.equals(report.ok()) ? ExitCodes.OK : ExitCodes.FAILED;
  }

  abstract JobReport work() throws Exception;

  /** Whether the run calls restic: its report then names restic's version ({@link dev.lifeboat.lifecycle.ResticPin}). */
  boolean usesRestic() {
    return true;
  }
}
