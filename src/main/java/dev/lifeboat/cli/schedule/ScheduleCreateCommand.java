package dev.lifeboat.cli.schedule;

import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.api.BackupTemplate;
import dev.lifeboat.api.Durations;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.api.ScheduleSpec;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.DurationConverter;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.cli.Validation;
import dev.lifeboat.cli.retention.RetentionOptions;
import dev.lifeboat.lifecycle.schedule.RetentionPlanner;
import dev.lifeboat.output.OutputFormat;
import dev.lifeboat.output.Printer;
import dev.lifeboat.schedule.CronSchedule;
import dev.lifeboat.schedule.LabelSelectors;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import dev.lifeboat.cli.Secrets;
import dev.lifeboat.cli.backup.ApplicationSourceOptions;
import picocli.CommandLine.Parameters;
import java.util.Arrays;

/**
 * {@code lifeboat schedule create NAME [--cron EXPR] --repository R (--pvc P | --pvc-selector SEL | --postgres ... |
 * --openbao ... | --tidb ... | --command ...) [--keep-...]}.
 */
@Command(name = "create", description = {"Create a Schedule: Backups of one PVC, or of every PVC matching a selector,"
    + " on a cron, kept with restic's retention rules.",
    "Everything is checked before anything is created; -o yaml|json prints the Schedule without creating it."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:created",
        "2:bad input (cron, time zone, source, retention, unknown repository, name taken); nothing was created",
        "5:the Kubernetes API could not be reached"})
public final class ScheduleCreateCommand extends ClientCommand {
  /** Daily at 02:00 (in --time-zone), when no --cron is given. */
  static final String DEFAULT_CRON = "0 2 * * *";

  @Parameters(index = "0", paramLabel = "NAME", description = "Name of the new Schedule.")
  String name;

  @Option(names = "--cron", paramLabel = "EXPR",
      description = "5-field cron ('30 2 * * *'), @hourly, @daily, @weekly, @monthly, or a spread macro"
          + " (@daily-random: a stable time picked from a hash of namespace/name). Default: 0 2 * * * (daily at 02:00).")
  String cron = DEFAULT_CRON;

  @Option(names = "--time-zone", paramLabel = "TZ", description = "IANA time zone the cron is read in (default UTC).")
  String timeZone;

  @Option(names = "--repository", required = true, paramLabel = "R", description = "Repository (same namespace).")
  String repository;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Source source;

  @Mixin
  ApplicationSourceOptions application;

  static final class Source {
    @Option(names = "--pvc", required = true, paramLabel = "P", description = "The one PVC to back up.")
    String pvc;

    @Option(names = "--pvc-selector", required = true, paramLabel = "SEL",
        description = "Every PVC matching this label selector (e.g. 'backup=nightly,tier in (db,files)').")
    String selector;
  }

  @Mixin
  RetentionOptions retention = new RetentionOptions();

  @Option(names = "--mode", paramLabel = "MODE", description = "controller (default: the controller fires runs) or"
      + " cronjob (a Kubernetes CronJob fires them: no controller needed).")
  String mode;

  @Option(names = "--concurrency-policy", paramLabel = "POLICY",
      description = "forbid (default: skip a PVC whose previous Backup is unfinished) or allow.")
  String concurrencyPolicy;

  @Option(names = "--starting-deadline", paramLabel = "DUR", converter = DurationConverter.class,
      description = "Skip a run found later than this after its time (e.g. 1h).")
  Duration startingDeadline;

  @Option(names = "--suspend", description = "Create it suspended (no runs until 'schedule resume').")
  boolean suspend;

  @Option(names = "--auto-restore", description = "Restore a newly created matching claim from the latest Ready Backup"
      + " of a claim of the same name, if it is empty (a namespace re-created from Git gets its data back).")
  boolean autoRestore;

  @Option(names = "--tag", paramLabel = "T", description = "Extra restic tag on every snapshot (repeatable).")
  List<String> tags = new ArrayList<>();

  @Option(names = "--backoff-limit", paramLabel = "N", description = "Retries of each backup Job's pod (default 2).")
  Integer backoffLimit;

  @picocli.CommandLine.Mixin
  dev.lifeboat.cli.JobTemplateOptions jobPods = new dev.lifeboat.cli.JobTemplateOptions();

  @picocli.CommandLine.Mixin
  dev.lifeboat.cli.MoverOptions mover = new dev.lifeboat.cli.MoverOptions();

  @picocli.CommandLine.Mixin
  dev.lifeboat.cli.CopyOptions copy = new dev.lifeboat.cli.CopyOptions();

  @Option(names = "--start-timeout", paramLabel = "DUR", converter = dev.lifeboat.cli.DurationConverter.class,
      description = "How long each backup Job's pod may wait to start before the Backup fails with Kubernetes' reason"
          + " (backupTemplate.startTimeout; default 10m).")
  java.time.Duration startTimeout;

  @Option(names = "--timeout", paramLabel = "DUR", converter = DurationConverter.class,
      description = "How long each backup Job may run (default 4h).")
  Duration timeout;

  @Option(names = "--namespace-selector", paramLabel = "SEL", description = "With --pvc-selector, in lifeboat's own"
      + " namespace only: the claims of every namespace matching this selector, each Backup in its claim's namespace"
      + " against its Repository of --repository's name (docs/tenancy.md).")
  String namespaceSelector;

  @Option(names = "--namespaces", paramLabel = "NS[,NS]", split = ",", description = "As --namespace-selector, by name.")
  List<String> namespaces;

  @picocli.CommandLine.Mixin
  DrillOptions drills = new DrillOptions();

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "Print the Schedule as yaml or json WITHOUT creating it.")
  OutputFormat output;

  @Override
  protected int run() {
    Schedule schedule = build();
    if (output != null) {
      schedule.getMetadata().setNamespace(kube().namespace);
      new Printer(out(), output, clock().instant()).printOne(schedule, Kinds.columns(Schedule.class));
      return ExitCodes.OK;
    }
    String ns = namespace();
    schedule.getMetadata().setNamespace(ns);
    boolean cross = schedule.getSpec().crossNamespace();
    if (cross && !jobSettings().tenancy().isAdmin(ns)) {
      throw UserException.usage((namespaceSelector != null ? "--namespace-selector" : "--namespaces") + ": "
          + jobSettings().tenancy().onlyAdmin() + " select claims in other namespaces; create the Schedule there"
          + " (-n " + jobSettings().tenancy().adminNamespace() + ")");
    }
    if (!cross && client().resources(Repository.class).inNamespace(ns).withName(repository).get() == null) {
      throw UserException.usage("--repository: Repository \"" + repository + "\" not found in namespace " + ns
          + ": create it first (lifeboat repository create " + repository + " --url URL --password-file FILE)");
    }
    if (schedule.getSpec().source == null && !cross) {
      warnIfNothingMatches(ns, schedule.getSpec().pvcSelector);
      mover.checkAllowed(client(), ns);
    }
    application.checkNamedSecrets(client(), ns);
    application.checkImage(client(), ns, jobSettings());
    if (client().resources(Schedule.class).inNamespace(ns).withName(name).get() != null) {
      throw UserException.usage("Schedule \"" + name + "\" already exists in namespace " + ns
          + ": choose another name, or delete it first (lifeboat schedule delete " + name + ")");
    }
    // Values from files go into a Secret the Schedule owns: its Backups (and their restores) use it.
    Schedule created;
    try {
      created = Secrets.createWithSecret(client(), ns, name + "-source", application.fileSecrets,
          "delete it, or pass the Secret by name instead of a file", false,
          () -> client().resources(Schedule.class).inNamespace(ns).resource(schedule).create());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw UserException.usage("Schedule \"" + name + "\" already exists in namespace " + ns
            + ": choose another name, or delete it first (lifeboat schedule delete " + name + ")");
      }
      throw e;
    }
    out().println("schedule.lifeboat.dev/" + name + " created");
    ScheduleNow.afterCreate(this, created);
    return ExitCodes.OK;
  }

  private Schedule build() {
    Validation.objectName("Schedule name", name);
    Validation.objectName("--repository", repository);
    ScheduleSpec spec = new ScheduleSpec();
    spec.cron = cron;
    spec.timeZone = timeZone;
    spec.repository = repository;
    try {
      CronSchedule.parse(cron, timeZone, "check/" + name);
    } catch (IllegalArgumentException e) {
      throw UserException.usage(e.getMessage().replaceFirst("^cron:", "--cron:").replaceFirst("^timeZone:", "--time-zone:"));
    }
    spec.source = application.build(name + "-source", source == null ? null
        : source.pvc != null ? "--pvc" : "--pvc-selector");
    if (spec.source == null && source == null) {
      throw UserException.usage("give what to back up: --pvc, --pvc-selector, --postgres, --openbao, --tidb or --command");
    }
    copy.check(spec.source == null);
    if (spec.source != null) {
      // an application: one Backup per run
    } else if (source.pvc != null) {
      Validation.objectName("--pvc", source.pvc);
      spec.pvc = source.pvc;
    } else {
      try {
        spec.pvcSelector = LabelSelectors.parse(source.selector);
      } catch (IllegalArgumentException e) {
        throw UserException.usage("--pvc-selector: " + e.getMessage());
      }
    }
    if (namespaceSelector != null || namespaces != null) {
      if (spec.pvcSelector == null) {
        throw UserException.usage((namespaceSelector != null ? "--namespace-selector" : "--namespaces")
            + " selects claims in other namespaces: give --pvc-selector too");
      }
      try {
        spec.namespaceSelector = namespaceSelector == null ? null : LabelSelectors.parse(namespaceSelector);
      } catch (IllegalArgumentException e) {
        throw UserException.usage("--namespace-selector: " + e.getMessage());
      }
      if (namespaces != null) {
        namespaces.forEach(n -> Validation.objectName("--namespaces", n));
        spec.namespaces = List.copyOf(namespaces);
      }
    }
    spec.retention = retention.toPolicy();
    try {
      RetentionPlanner.rules(spec.retention);
    } catch (IllegalArgumentException e) {
      throw UserException.usage(RetentionOptions.flagNames(e.getMessage()));
    }
    if (spec.retention.empty()) {
      spec.retention = null;
    }
    spec.mode = choice("--mode", mode, ScheduleSpec.ScheduleMode.class);
    spec.concurrencyPolicy = choice("--concurrency-policy", concurrencyPolicy, ScheduleSpec.ConcurrencyPolicy.class);
    if (startingDeadline != null) {
      if (startingDeadline.toSeconds() < 1) {
        throw UserException.usage("--starting-deadline must be at least 1s (e.g. 1h)");
      }
      spec.startingDeadlineSeconds = startingDeadline.toSeconds();
    }
    spec.suspend = suspend ? Boolean.TRUE : null;
    spec.autoRestore = autoRestore ? Boolean.TRUE : null;
    spec.backupTemplate = template();
    drills.apply(spec, spec.timeZone, kube().namespace + "/" + name);
    Schedule schedule = new Schedule();
    schedule.getMetadata().setName(name);
    schedule.setSpec(spec);
    return schedule;
  }

  private BackupTemplate template() {
    Validation.tags(tags);
    Validation.backoffLimit(backoffLimit);
    Validation.jobTimeout(timeout, "each backup Job");
    Validation.startTimeout(startTimeout);
    dev.lifeboat.api.JobTemplate pods = jobPods.build();
    var moverContext = mover.securityContext();
    if (tags.isEmpty() && backoffLimit == null && timeout == null && startTimeout == null && pods == null
        && moverContext == null && mover.privileged() == null && !copy.given()) {
      return null;
    }
    BackupTemplate template = new BackupTemplate();
    template.tags = new ArrayList<>(tags);
    template.backoffLimit = backoffLimit;
    template.timeout = timeout == null ? null : Durations.format(timeout);
    template.startTimeout = startTimeout == null ? null : Durations.format(startTimeout);
    template.jobTemplate = pods;
    template.moverSecurityContext = moverContext;
    template.privilegedMover = mover.privileged();
    template.copyMethod = copy.method();
    template.volumeSnapshotClassName = copy.snapshotClass();
    template.hooks = copy.hooks();
    return template;
  }

  private static <E extends Enum<E>> E choice(String flag, String value, Class<E> type) {
    if (value == null) {
      return null;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value)) {
        return constant;
      }
    }
    List<String> names = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
    throw UserException.usage(flag + ": '" + value + "' is not one of " + String.join(", ", names));
  }

  /** A selector (or a PVC) that matches nothing now is allowed, PVCs may come later, but worth a word. */
  private void warnIfNothingMatches(String ns, LabelSelector selector) {
    if (selector != null) {
      long matches = client().persistentVolumeClaims().inNamespace(ns).list().getItems().stream()
          .filter(p -> LabelSelectors.matches(selector, p.getMetadata().getLabels())).count();
      if (matches == 0) {
        err().println("warning: --pvc-selector " + source.selector + " matches no PVC in namespace " + ns
            + " yet: runs back up nothing until one matches");
      }
    } else if (client().persistentVolumeClaims().inNamespace(ns).withName(source.pvc).get() == null) {
      err().println("warning: PVC " + source.pvc + " does not exist in namespace " + ns + " yet: runs skip it until it does");
    }
  }
}
