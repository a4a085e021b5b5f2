package dev.lifeboat.cli;

import dev.lifeboat.kind.Kind;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobPurpose;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lifeboat <kind> logs NAME [--raw]} for every kind that has Jobs: why the object failed
 * (when it did), then the logs of its Job pods in the order the Jobs run ({@code Kind.logs}).
 */
@Command(name = "logs", description = "Print why the object failed (when it did) and the logs of its Job pods,"
    + " restic's JSON lines made readable (--raw: as written).",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:printed", "2:bad flag",
        "4:the named object does not exist", "5:the Kubernetes API could not be reached"})
public final class KindLogsCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Option(names = "--raw", description = "Print the pods' logs as written (restic's JSON lines).")
  boolean raw;

  @Override
  protected int run() {
    return print(KindNames.ofParent(spec));
  }

  private <R extends CustomResource<?, ?>> int print(Kind<R> kind) {
    if (kind.logs() == null) {
      throw new IllegalStateException(kind.name() + " has no Jobs to show the logs of");
    }
    String ns = namespace();
    R object = require(kind.type(), name);
    List<String> jobs = kind.logs().jobs().stream().map(purpose -> JobNames.jobName(name, purpose)).toList();
    String none = kind.logs().jobs().size() == 1
        ? "no pods and no kept log for Job " + JobNames.jobName(name, kind.logs().jobs().get(0)) + " (not started yet)"
        : "no Job pods and no kept logs for " + kind.name() + " " + name + " (not started yet)";
    return JobLogs.printRuns(this, kind.logs().failure().apply(object), ns, jobs, raw, none);
  }
}
