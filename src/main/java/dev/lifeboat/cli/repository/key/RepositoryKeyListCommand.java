package dev.lifeboat.cli.repository.key;

import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.lifecycle.JobReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lifeboat repository key list NAME}. */
@Command(name = "list", description = "List the repository's keys; the one its password Secret holds is marked current.",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed", "1:restic failed (its words are printed)",
        "3:the Job did not finish in time", "4:no such Repository"})
public final class RepositoryKeyListCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Override
  protected int run() {
    JobReport report = KeyJobs.run(this, KeyJobs.repository(this, name), "list", null, null);
    if (!Boolean.TRUE.equals(report.ok())) {
      throw new UserException(ExitCodes.FAILED, "restic key list failed: " + report.message());
    }
    out().println("ID       CREATED             USER@HOST");
    out().println(report.message());
    return ExitCodes.OK;
  }
}
