package dev.lifeboat.cli.repository.key;

import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.cli.Secrets;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.lifecycle.JobReport;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lifeboat repository key add NAME --password-file F}: one more key; the Secret keeps its password. */
@Command(name = "add", description = "Add a key (a second password that opens the repository, for a person or another"
    + " cluster); the password Secret is not changed. The new key is tried before the command says it is there.",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:added and tried", "1:restic refused",
        "2:unreadable or empty password file", "3:the Job did not finish in time", "4:no such Repository"})
public final class RepositoryKeyAddCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Option(names = "--password-file", required = true, paramLabel = "FILE", description = "The new key's password.")
  Path passwordFile;

  @Override
  protected int run() {
    String password = Secrets.readFile("--password-file", passwordFile);
    JobReport report = KeyJobs.run(this, KeyJobs.repository(this, name), "add", null, password);
    if (!Boolean.TRUE.equals(report.ok())) {
      throw new UserException(ExitCodes.FAILED, "restic key add failed: " + report.message());
    }
    out().println(report.message().replaceFirst(" \\(the Job used .*\\)$", "") + " to Repository " + name
        + "; its password Secret is unchanged");
    return ExitCodes.OK;
  }
}
