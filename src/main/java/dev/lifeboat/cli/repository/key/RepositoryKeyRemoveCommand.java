package dev.lifeboat.cli.repository.key;

import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.lifecycle.JobReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lifeboat repository key remove NAME KEY_ID}: restic refuses the key the password Secret holds. */
@Command(name = "remove", description = "Remove a key by ID (repository key list). The key the password Secret holds"
    + " cannot be removed (restic refuses it): rotate instead.",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:removed", "1:restic refused (the current key, no such"
        + " key)", "2:bad key ID", "3:the Job did not finish in time", "4:no such Repository"})
public final class RepositoryKeyRemoveCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "NAME")
  String name;

  @Parameters(index = "1", paramLabel = "KEY_ID")
  String keyId;

  @Override
  protected int run() {
    if (!keyId.matches("[0-9a-f]{8,64}")) {
      throw UserException.usage("KEY_ID \"" + keyId + "\": use an ID (8 to 64 hex digits) from 'lifeboat repository"
          + " key list " + name + "'");
    }
    JobReport report = KeyJobs.run(this, KeyJobs.repository(this, name), "remove", keyId, null);
    if (!Boolean.TRUE.equals(report.ok())) {
      throw new UserException(ExitCodes.FAILED, "restic key remove failed: " + report.message()
          + (report.message().contains("currently used") ? " (that is the password Secret's key: rotate instead)" : ""));
    }
    out().println(report.message() + " from Repository " + name);
    return ExitCodes.OK;
  }
}
