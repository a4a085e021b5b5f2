package dev.lifeboat.cli.repository.key;

import dev.lifeboat.api.Repository;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.cli.Secrets;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.manager.KeyRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import java.util.LinkedHashMap;

/**
 * {@code lifeboat repository key rotate NAME --password-file F}: a new password for the repository, in three steps of
 * which none leaves the Secret holding a key the repository does not know: (1) a Job adds the new key and opens the
 * repository with it; (2) only then the password Secret gets the new password (Jobs started from now on use it; the
 * old key still opens the repository for those already running); (3) a Job, with the new password, removes the old
 * key. A failure at (1) changes nothing; at (3) both keys stay valid and the command says how to finish.
 */
@Command(name = "rotate", description = {"Replace the repository's password: add the new key and try it, then update"
    + " the password Secret, then remove the old key.", "At no moment does the Secret hold a key the repository does"
    + " not know. Keep the new password outside the cluster too."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:rotated", "1:a step failed (the message says what"
        + " holds now)", "2:unreadable or empty password file", "3:a Job did not finish in time",
        "4:no such Repository"})
public final class RepositoryKeyRotateCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Option(names = "--password-file", required = true, paramLabel = "FILE", description = "The new password.")
  Path passwordFile;

  @Override
  protected int run() {
    String password = Secrets.readFile("--password-file", passwordFile);
    Repository repository = KeyJobs.repository(this, name);
    var ref = repository.getSpec().passwordSecretRef;
    JobReport added = KeyJobs.run(this, repository, "add", null, password);
    Matcher ids = added.message() == null ? null : KeyRun.ADDED.matcher(added.message());
    if (!Boolean.TRUE.equals(added.ok()) || ids == null || !ids.find()) {
      throw new UserException(ExitCodes.FAILED, "the new key was not added: " + added.message()
          + "; nothing changed (the password Secret " + ref.name + " holds the old password, which still opens it)");
    }
    String newKey = ids.group(1);
    String oldKey = ids.group(2);
    out().println("added key " + newKey + " and opened the repository with it");
    try {
      String encoded = Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8));
      client().secrets().inNamespace(repository.getMetadata().getNamespace()).withName(ref.name)
          .edit(s -> {
            if (s.getData() == null) {
              s.setData(new LinkedHashMap<>());
            }
            s.getData().put(ref.keyOrDefault(), encoded);
            if (s.getStringData() != null) {
              s.getStringData().remove(ref.keyOrDefault());
            }
            return s;
          });
    } catch (RuntimeException e) {
      throw new UserException(ExitCodes.FAILED, "the repository has the new key " + newKey + ", but Secret " + ref.name
          + " could not be updated (" + e.getMessage() + "): both passwords open it; update the Secret, then 'lifeboat"
          + " repository key remove " + name + " " + oldKey + "'");
    }
    out().println("Secret " + ref.name + " now holds the new password");
    JobReport removed = KeyJobs.run(this, repository, "remove", oldKey, null);
    if (!Boolean.TRUE.equals(removed.ok())) {
      throw new UserException(ExitCodes.FAILED, "the old key " + oldKey + " stays (" + removed.message() + "): both"
          + " passwords open the repository; finish with 'lifeboat repository key remove " + name + " " + oldKey + "'");
    }
    out().println("removed the old key " + oldKey + ": only the new password opens Repository " + name
        + " now; keep it outside the cluster too");
    return ExitCodes.OK;
  }
}
