package dev.lifeboat.cli.retention;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.api.RetentionPolicy;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.cli.LifeboatCommand;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.lifecycle.schedule.GroupBy;
import dev.lifeboat.lifecycle.schedule.RetentionPlan;
import dev.lifeboat.lifecycle.schedule.RetentionPlanner;
import dev.lifeboat.lifecycle.schedule.Snapshot;
import dev.lifeboat.schedule.ResticSnapshots;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import java.time.Instant;

/**
 * {@code lifeboat retention plan --snapshots FILE --keep-...}: what {@code restic forget} would keep
 * and remove, from the output of {@code restic snapshots --json}; {@code -o json} is shaped like
 * {@code restic forget --dry-run --json}.
 */
@Command(name = "plan", description = {
    "Print what a retention policy keeps and removes, with restic's semantics, from 'restic snapshots --json' output.",
    "Nothing is read from or written to a repository or a cluster."})
public final class RetentionPlanCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--snapshots", required = true, paramLabel = "FILE",
      description = "Output of 'restic snapshots --json' ('-' for standard input).")
  String snapshots;

  @Mixin
  RetentionOptions policy = new RetentionOptions();

  @Option(names = "--group-by", paramLabel = "FIELDS", defaultValue = "host,paths",
      description = "Group snapshots by these of host, paths, tags ('' for one group). Default: ${DEFAULT-VALUE}.")
  String groupBy;

  @Option(names = "--host", paramLabel = "HOST", description = "Only snapshots of this host (repeatable).")
  List<String> hosts = new ArrayList<>();

  @Option(names = "--tag", paramLabel = "TAG[,TAG]", description = "Only snapshots with all these tags (repeatable: any list).")
  List<String> tags = new ArrayList<>();

  @Option(names = "--path", paramLabel = "PATH", description = "Only snapshots that include this path (repeatable: all).")
  List<String> paths = new ArrayList<>();

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
      description = "table or json (the shape of 'restic forget --dry-run --json'). Default: ${DEFAULT-VALUE}.")
  String output;

  @Override
  public Integer call() {
    PrintStream out = ((LifeboatCommand) spec.root().userObject()).out;
    if (!output.equals("table") && !output.equals("json")) {
      throw UserException.usage("--output: '" + output + "' is not a format of this command: use table or json");
    }
    RetentionPolicy rules = policy.toPolicy();
    RetentionPlanner.Rules parsed;
    GroupBy grouping;
    try {
      parsed = RetentionPlanner.rules(rules);
      grouping = GroupBy.parse(groupBy);
    } catch (IllegalArgumentException e) {
      throw UserException.usage(RetentionOptions.flagNames(e.getMessage()));
    }
    List<Snapshot> all;
    try (InputStream in = open()) {
      all = ResticSnapshots.parse(in);
    } catch (IllegalArgumentException e) {
      throw UserException.usage("--snapshots " + snapshots + ": " + e.getMessage());
    } catch (IOException e) {
      throw UserException.usage("--snapshots: cannot read " + snapshots + ": " + e.getMessage());
    }
    RetentionPlan plan = RetentionPlanner.plan(ResticSnapshots.filter(all, hosts, tags, paths), parsed, grouping,
        Instant.now());
    if (output.equals("json")) {
      // Written as it is made, straight to the stream: 100,000 snapshots are tens of megabytes of JSON.
      try (JsonGenerator json = new ObjectMapper().getFactory().createGenerator(new BufferedOutputStream(out, 1 << 16))
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).useDefaultPrettyPrinter()) {
        json.writeTree(ResticSnapshots.toJson(plan));
        json.writeRaw('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      out.flush();
    } else {
      RetentionTable.print(plan, out);
    }
    return ExitCodes.OK;
  }

  private InputStream open() throws IOException {
    if (snapshots.equals("-")) {
      return new BufferedInputStream(System.in) {
        @Override
        public void close() {
          // standard input stays open
        }
      };
    }
    try {
      return new BufferedInputStream(Files.newInputStream(Path.of(snapshots)), 1 << 16);
    } catch (NoSuchFileException e) {
      throw UserException.usage("--snapshots: no such file: " + snapshots);
    }
  }
}
