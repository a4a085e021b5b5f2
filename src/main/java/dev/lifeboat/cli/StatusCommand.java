package dev.lifeboat.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lifeboat.cluster.LiveView;
import dev.lifeboat.engine.ProtectionInputs;
import dev.lifeboat.lifecycle.protection.ProtectionReport;
import dev.lifeboat.lifecycle.protection.ProtectionReport.Row;
import dev.lifeboat.lifecycle.protection.ProtectionReport.Verdict;
import dev.lifeboat.output.Ages;
import dev.lifeboat.output.OutputFormat;
import dev.lifeboat.output.Printer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lifeboat status [-n NS | -A] [-o table|json]}: the protection report, one row per claim and per application
 * source of a Schedule, and an exit code a cron job or a CI step can alert on.
 */
@Command(name = "status", description = "The protection report: per claim (and per application source of a"
    + " Schedule) which Schedules cover it, its newest Ready Backup's age against the RPO, its newest drill, its"
    + " repository's health, and a verdict: protected, stale, unhealthy, drill failed, unprotected, excluded"
    + " (labelled lifeboat.dev/backup=false).",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:every row is protected (or excluded on purpose)",
        "1:some row is stale, unhealthy, drill failed or unprotected",
        "2:bad flag", "5:the Kubernetes API could not be reached or refused the request"})
public final class StatusCommand extends ClientCommand {
  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  OutputFormat output;

  @Override
  protected int run() throws Exception {
    if (output != OutputFormat.table && output != OutputFormat.json) {
      throw UserException.usage("-o on status takes table or json");
    }
    boolean all = kube().allNamespaces;
    Instant now = clock().instant();
    List<Row> rows = ProtectionInputs.report(new LiveView(client()), all ? null : namespace(), now);
    if (output == OutputFormat.json) {
      List<Map<String, Object>> items = new ArrayList<>();
      rows.forEach(r -> items.add(json(r)));
      out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(items));
    } else if (rows.isEmpty()) {
      out().println("no claims and no Schedules in " + (all ? "any namespace" : "namespace " + namespace()));
    } else {
      table(rows, all, now);
    }
    boolean ok = rows.stream().allMatch(r -> r.isProtected() || r.verdict() == Verdict.excluded);
    if (!ok && output == OutputFormat.table) {
      long bad = rows.stream().filter(r -> !r.isProtected() && r.verdict() != Verdict.excluded).count();
      err().println(bad + " of " + rows.size() + " not protected");
    }
    return ok ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private void table(List<Row> rows, boolean all, Instant now) {
    List<String[]> lines = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("CLAIM/SOURCE", "SCHEDULES", "LAST BACKUP", "AGE", "RPO",
        "LAST DRILL", "RTO", "REPOSITORY", "VERDICT"));
    if (all) {
      header.add(0, "NAMESPACE");
    }
    lines.add(header.toArray(String[]::new));
    for (Row r : rows) {
      List<String> cells = new ArrayList<>(List.of(
          r.claim() ? r.unit() : "source/" + r.unit(),
          r.schedules().isEmpty() ? "-" : String.join(",", r.schedules()),
          r.backup() == null ? "-" : r.backup().name(),
          r.backupAge() == null ? "-" : Ages.format(r.backupAge()),
          r.rpo() == null ? "-" : Ages.format(r.rpo()),
          r.drill() == null ? "-" : (r.drill().succeeded() ? "Succeeded " : "Failed ")
              + Ages.format(Duration.between(r.drill().time(), now)) + " ago",
          r.drill() == null || r.drill().rtoSeconds() == null ? "-" : r.drill().rtoSeconds() + "s",
          r.repositoryHealthy() == null ? "-" : r.repositoryHealthy() ? "Healthy" : "Unhealthy",
          r.verdict().text() + (r.why() == null || r.verdict() == Verdict.excluded ? "" : " (" + r.why() + ")")));
      if (all) {
        cells.add(0, r.namespace());
      }
      lines.add(cells.toArray(String[]::new));
    }
    Printer.printAligned(lines, out());
  }

  private static Map<String, Object> json(Row r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("namespace", r.namespace());
    m.put(r.claim() ? "pvc" : "source", r.unit());
    m.put("schedules", r.schedules());
    m.put("lastBackup", r.backup() == null ? null : r.backup().name());
    m.put("lastBackupTime", r.backup() == null || r.backup().snapshotTime() == null ? null
        : r.backup().snapshotTime().toString());
    m.put("backupAgeSeconds", r.backupAge() == null ? null : r.backupAge().toSeconds());
    m.put("rpoSeconds", r.rpo() == null ? null : r.rpo().toSeconds());
    m.put("lastDrill", r.drill() == null ? null : r.drill().name());
    m.put("lastDrillResult", r.drill() == null ? null : r.drill().succeeded() ? "Succeeded" : "Failed");
    m.put("lastDrillTime", r.drill() == null ? null : r.drill().time().toString());
    m.put("rtoSeconds", r.drill() == null ? null : r.drill().rtoSeconds());
    m.put("repositoryHealthy", r.repositoryHealthy());
    m.put("verdict", r.verdict().text());
    m.put("reason", r.why());
    return m;
  }
}
