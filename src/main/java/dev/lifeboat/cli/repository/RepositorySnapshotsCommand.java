package dev.lifeboat.cli.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lifeboat.api.Repository;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.DurationConverter;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.lifecycle.repository.SnapshotClaim;
import dev.lifeboat.lifecycle.repository.SnapshotInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import dev.lifeboat.output.Printer;
import dev.lifeboat.output.Yaml;

/** {@code lifeboat repository snapshots NAME [-o table|json|yaml] [--no-refresh]}. */
@Command(name = "snapshots", description = {"List the snapshots in a Repository with the Backup that claims each"
    + " (one 'restic snapshots' in a verify Job; --no-refresh shows the last verify's list)."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed", "1:the listing failed",
        "2:bad input, or the Repository is not Ready", "3:timed out", "4:no such Repository",
        "5:the Kubernetes API could not be reached"})
public final class RepositorySnapshotsCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
      description = "table, json or yaml. Default: ${DEFAULT-VALUE}.")
  String output;

  @Option(names = "--no-refresh", description = "Show the list of the last verify instead of running one now.")
  boolean noRefresh;

  @Option(names = "--timeout", paramLabel = "DUR", converter = DurationConverter.class,
      description = "Give up waiting for the listing after this long (default 10m).")
  Duration timeout;

  /** One line of the listing. */
  public record Row(String id, String time, String host, List<String> paths, List<String> tags, String backup) {}

  @Override
  protected int run() throws Exception {
    if (!List.of("table", "json", "yaml").contains(output)) {
      throw UserException.usage("--output: '" + output + "' is not a format of this command: use table, json or yaml");
    }
    Repository repository = MaintenanceRequestCommand.requireReady(this, name);
    List<SnapshotInfo> snapshots = Inventory.load(this, repository, !noRefresh,
        timeout == null ? Duration.ofMinutes(10) : timeout);
    Map<String, String> sameUrl = Inventory.sameUrl(this, repository);
    List<SnapshotClaim> claims = Inventory.claims(Inventory.backups(this, sameUrl), sameUrl);
    List<Row> rows = new ArrayList<>();
    for (SnapshotInfo s : snapshots) {
      String backup = claims.stream().filter(c -> s.matches(c.snapshotId()))
          .map(c -> c.namespace() + "/" + c.backup()).findFirst().orElse(null);
      rows.add(new Row(s.id(), s.time(), s.hostname(), s.paths(), s.tags(), backup));
    }
    if (!output.equals("table")) {
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      String text = output.equals("yaml") ? Yaml.MAPPER.writeValueAsString(json.valueToTree(rows))
          : json.writeValueAsString(rows);
      out().println(text.stripTrailing());
      return ExitCodes.OK;
    }
    List<String[]> table = new ArrayList<>();
    table.add(new String[] {"ID", "TIME", "HOST", "PATHS", "TAGS", "BACKUP"});
    for (Row r : rows) {
      table.add(new String[] {r.id().substring(0, Math.min(8, r.id().length())), r.time() == null ? "" : r.time().replaceFirst("\\..*", ""),
          nullToEmpty(r.host()), String.join(",", r.paths()), String.join(",", r.tags()),
          r.backup() == null ? "<unclaimed>" : r.backup()});
    }
    Printer.printAligned(table, out());
    long unclaimed = rows.stream().filter(r -> r.backup() == null).count();
    out().println(rows.size() + " snapshot(s), " + unclaimed + " claimed by no Backup"
        + (unclaimed > 0 ? " ('lifeboat repository import " + name + "' creates Backups for them)" : ""));
    return ExitCodes.OK;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

}
