package dev.lifeboat.cli.manager;

import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.manager.KeyRun;
import dev.lifeboat.manager.Restic;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code backup-manager key --op list|add|remove [--key-id ID]}: a Repository's keys (the CLI's repository key). */
@Command(name = "key", description = "List, add (RESTIC_NEW_PASSWORD) or remove (--key-id) a repository key.")
final class ManagerKeyCommand extends ManagerCommand {
  @Option(names = "--op", required = true, paramLabel = "list|add|remove")
  String op;

  @Option(names = "--key-id", paramLabel = "ID")
  String keyId;

  @Override
  JobReport work() throws Exception {
    KeyRun run = new KeyRun(Restic.fromEnvironment());
    return switch (op) {
      case "list" -> run.list();
      case "add" -> run.add(System.getenv("RESTIC_NEW_PASSWORD"), Path.of(System.getProperty("java.io.tmpdir")));
      case "remove" -> keyId == null ? JobReport.failure("--key-id is required with --op remove") : run.remove(keyId);
      default -> JobReport.failure("--op " + op + ": use list, add or remove");
    };
  }
}
