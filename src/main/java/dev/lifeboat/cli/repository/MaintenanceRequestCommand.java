package dev.lifeboat.cli.repository;

import dev.lifeboat.api.MaintenanceStatus;
import dev.lifeboat.api.MaintenanceTask;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.RepositoryPhase;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.DurationConverter;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.cli.Waiter;
import dev.lifeboat.lifecycle.repository.MaintenanceRequest;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import java.io.PrintStream;

/**
 * {@code repository check|prune|verify|unlock NAME [--wait]}: asks for one run now (the annotation
 * {@code lifeboat.dev/request-<task>}), and with {@code --wait} waits for its outcome, driving the
 * Repository itself when no controller runs.
 */
abstract class MaintenanceRequestCommand extends ClientCommand {
  static final Duration DEFAULT_WAIT = Duration.ofHours(1);
  private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  @Parameters(paramLabel = "NAME", description = "The Repository.")
  String name;

  @Option(names = "--wait", description = "Wait for the run's outcome (exit 1 when it failed).")
  boolean wait;

  @Option(names = "--timeout", paramLabel = "DUR", converter = DurationConverter.class,
      description = "With --wait: give up after this long (default 1h).")
  Duration timeout;

  abstract MaintenanceTask task();

  /** The request's options (already checked by {@link #optionProblems}). */
  Map<String, String> options() {
    return new LinkedHashMap<>();
  }

  @Override
  protected int run() {
    return request(this, name, task(), options(), wait, timeout == null ? DEFAULT_WAIT : timeout, out());
  }

  /**
   * Asks for one run of {@code task} and, with {@code wait}, waits for its outcome.
   *
   * @param say where to print what happens (stdout for the maintenance commands, stderr when a listing follows)
   */
  static int request(ClientCommand command, String name, MaintenanceTask task, Map<String, String> options,
      boolean wait, Duration timeout, PrintStream say) {
    options.forEach((key, value) -> {
      String problem = MaintenanceRequest.optionProblem(task, key, value);
      if (problem != null) {
        throw UserException.usage(problem);
      }
    });
    Repository repository = requireReady(command, name);
    var status = repository.getStatus();
    String id = ID.format(command.clock().instant()) + "-"
        + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    MaintenanceRequest request = new MaintenanceRequest(task, id, options);
    String patch = "{\"metadata\":{\"annotations\":{\"" + MaintenanceRequest.annotation(task) + "\":\""
        + request.annotationValue() + "\"}}}";
    String ns = repository.getMetadata().getNamespace();
    command.client().resources(Repository.class).inNamespace(ns).withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    say.println("repository.lifeboat.dev/" + name + " " + task + " requested (" + id + ")"
        + (status.running != null ? "; it starts after the running " + status.running.task : ""));
    if (!wait) {
      return ExitCodes.OK;
    }
    int code = Waiter.await(command, Repository.class, ns, name, timeout, r -> outcome(r, task, id), r -> { },
        command.err());
    Repository done = command.client().resources(Repository.class).inNamespace(ns).withName(name).get();
    MaintenanceStatus entry = done == null || done.getStatus() == null ? null : done.getStatus().find(task);
    String message = entry == null ? "" : entry.message;
    if (code == ExitCodes.OK) {
      say.println(task + " succeeded: " + message);
    } else {
      command.err().println(task + " failed: " + message);
    }
    return code;
  }

  /** The Repository, if it is Ready; else a usage error (exit 2) naming its phase. */
  static Repository requireReady(ClientCommand command, String name) {
    Repository repository = command.require(Repository.class, name);
    var status = repository.getStatus();
    if (status == null || status.phase != RepositoryPhase.Ready) {
      throw UserException.usage("Repository " + name + " is " + (status == null || status.phase == null ? "not checked yet"
          : status.phase) + (status != null && status.message != null ? " (" + status.message + ")" : "")
          + ": this needs a Ready repository; see 'lifeboat repository describe " + name + "'");
    }
    return repository;
  }

  private static Integer outcome(Repository r, MaintenanceTask task, String id) {
    MaintenanceStatus entry = r.getStatus() == null ? null : r.getStatus().find(task);
    if (entry == null || !id.equals(entry.lastRequest)) {
      return null;
    }
    return "Succeeded".equals(entry.result) ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
