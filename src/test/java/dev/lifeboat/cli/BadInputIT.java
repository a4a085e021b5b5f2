package dev.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Repository;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input through the real entry point: one clear message naming the problem, the documented
 * exit code, no stack trace, and the API server holds exactly what it held before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
  @TempDir
  static Path tmp;
  private Harness h;
  private String kubeconfig;
  private String password;
  private String emptyFile;
  private String robotsTarget;
  private String ec2Target;

  @BeforeAll
  void start() throws Exception {
    h = new Harness(tmp.resolve("sandbox"), InstantPodExecutor.succeeding());
    Path kc = tmp.resolve("kubeconfig");
    h.server.writeKubeconfig(kc);
    kubeconfig = kc.toString();
    Objects.boundPvc(h.client, "default", "data");
    Objects.repository(h.client, "default", "repo", "local:/tmp/none", "pw");
    Objects.backup(h.client, "default", "taken", "repo", "data");
    Backup orphan = Objects.backup(h.client, "default", "orphan", "gone", "data");
    orphan.setStatus(new dev.lifeboat.api.BackupStatus());
    orphan.getStatus().phase = dev.lifeboat.api.BackupPhase.Ready;
    orphan.getStatus().snapshotId = "0123456789abcdef";
    h.client.resources(Backup.class).inNamespace("default").resource(orphan).updateStatus();
    Path pw = tmp.resolve("pw");
    Files.writeString(pw, "secret\n");
    password = pw.toString();
    Path empty = tmp.resolve("empty");
    Files.writeString(empty, "\n");
    emptyFile = empty.toString();
    Path robots = tmp.resolve("robots.yaml");
    Files.writeString(robots, "name: bots\ntype: robots\nselector: app=web\n");
    robotsTarget = robots.toString();
    Path ec2 = tmp.resolve("ec2.yaml");
    Files.writeString(ec2, "name: nodes\ntype: eks-nodegroups\nselector: env=dev\n");
    ec2Target = ec2.toString();
    var asleep = dev.lifeboat.support.Hibernation.plan("default", "asleep", "UTC", List.of(),
        dev.lifeboat.support.Hibernation.target("apps", "workloads", "app=web"));
    asleep = h.client.resources(dev.lifeboat.api.HibernatePlan.class).resource(asleep).create();
    asleep.setStatus(new dev.lifeboat.api.HibernatePlanStatus());
    asleep.getStatus().phase = dev.lifeboat.api.HibernatePhase.Hibernated;
    h.client.resources(dev.lifeboat.api.HibernatePlan.class).resource(asleep).updateStatus();
    Path closed = tmp.resolve("closed-kubeconfig");
    Files.writeString(closed, Files.readString(kc).replaceAll("http://127.0.0.1:\\d+", "http://127.0.0.1:1"));
    Files.writeString(tmp.resolve("malformed-kubeconfig"), "apiVersion: v1\nclusters:1\n- name: x\n");
  }

  @AfterAll
  void stop() throws Exception {
    h.close();
  }

  List<Arguments> rows() {
    String closed = tmp.resolve("closed-kubeconfig").toString();
    String malformed = tmp.resolve("malformed-kubeconfig").toString();
    return List.of(
        row(2, "Backup name \"Bad_Name\" is not a valid name", "backup", "create", "Bad_Name", "--repository", "repo", "--pvc", "data"),
        row(2, "Repository \"nope\" not found in namespace default: create it first", "backup", "create", "b1", "--repository", "nope", "--pvc", "data"),
        row(2, "PersistentVolumeClaim \"nope\" not found", "backup", "create", "b1", "--repository", "repo", "--pvc", "nope"),
        row(2, "give NAME, --repository and what to back up (--pvc, --postgres, --openbao, --tidb or --command)", "backup", "create", "b1", "--repository", "repo"),
        // Application sources: one source, the flags it needs, nothing of another's; nothing is created.
        row(2, "give only one source: --pvc, --postgres, --openbao, --tidb or --command", "backup", "create", "b1", "--repository", "repo", "--pvc", "data", "--postgres", "db:5432/app", "--pg-user", "u"),
        row(2, "--postgres needs --pg-user", "backup", "create", "b1", "--repository", "repo", "--postgres", "db/app"),
        row(2, "--postgres \"db:5432\" names no database", "backup", "create", "b1", "--repository", "repo", "--postgres", "db:5432", "--pg-user", "u"),
        row(2, "source postgres.sslMode \"sometimes\"", "backup", "create", "b1", "--repository", "repo", "--postgres", "db/app", "--pg-user", "u", "--pg-sslmode", "sometimes"),
        row(2, "--pg-password-secret: Secret \"pgcreds\" not found", "backup", "create", "b1", "--repository", "repo", "--postgres", "db/app", "--pg-user", "u", "--pg-password-secret", "pgcreds/password"),
        row(2, "Backup \"taken\" already exists", "backup", "create", "taken", "--repository", "repo", "--postgres", "db/app", "--pg-user", "u", "--pg-password-file", password),
        row(2, "is empty: put the secret value in it", "backup", "create", "b1", "--repository", "repo", "--postgres", "db/app", "--pg-user", "u", "--pg-password-file", emptyFile),
        row(2, "--openbao needs exactly one way to log in", "backup", "create", "b1", "--repository", "repo", "--openbao", "https://bao:8200"),
        row(2, "--openbao needs exactly one way to log in", "backup", "create", "b1", "--repository", "repo", "--openbao", "https://bao:8200", "--token-file", password, "--k8s-auth-role", "r"),
        row(2, "source openbao.address \"ftp://bao\" is not an http(s)://host[:port] address", "backup", "create", "b1", "--repository", "repo", "--openbao", "ftp://bao", "--k8s-auth-role", "r"),
        // Where the Jobs' pods run: bad values named, nothing created.
        row(2, "--job-toleration storage:Never: use KEY[=VALUE][:EFFECT], EFFECT one of NoSchedule, PreferNoSchedule, NoExecute", "backup", "create", "b1", "--repository", "repo", "--pvc", "data", "--job-toleration", "storage:Never"),
        row(2, "--job-memory lots: not a quantity", "backup", "create", "b1", "--repository", "repo", "--pvc", "data", "--job-memory", "lots"),
        row(2, "--job-node-selector pool=a b: not a Kubernetes label", "repository", "create", "r2", "--url", "local:/tmp/r2", "--password-file", password, "--job-node-selector", "pool=a b"),
        row(2, "--limit-upload must be at least 1 (KiB/s)", "repository", "create", "r2", "--url", "local:/tmp/r2", "--password-file", password, "--limit-upload", "0"),
        row(2, "--cache-capacity \"10GB\" is no size: use e.g. 10Gi or 500Mi", "repository", "create", "r2", "--url", "local:/tmp/r2", "--password-file", password, "--cache-capacity", "10GB"),
        row(2, "--cache-storage-class needs --cache-capacity", "repository", "create", "r2", "--url", "local:/tmp/r2", "--password-file", password, "--cache-storage-class", "fast"),
        row(2, "--start-timeout must be at least 1s", "backup", "create", "b1", "--repository", "repo", "--pvc", "data", "--start-timeout", "0s"),
        row(2, "--access-mode XYZ: use RWO, RWX, ROX or RWOP", "sandbox", "pvc", "create", "p1", "--dir", tmp.resolve("sandbox").toString(), "--access-mode", "XYZ"),
        row(2, "--log-format \"yaml\": use text or json", "reconcile", "--once", "--log-format", "yaml"),
        row(2, "--metrics-port goes with --watch", "reconcile", "--once", "--metrics-port", "8080"),
        row(2, "--max-concurrent-jobs must be between 0 (no limit) and 100000", "reconcile", "--once",
            "--max-concurrent-jobs", "-1"),
        row(2, "--max-concurrent-jobs-per-node must be between 0 (no limit) and 1000", "reconcile", "--once",
            "--max-concurrent-jobs-per-node", "1001"),
        row(2, "-o bundle.zip: name it FILE.tar.gz", "debug", "bundle", "-o", "bundle.zip"),
        row(2, "Missing required option: '--output=FILE.tar.gz'", "debug", "bundle"),
        row(2, "--command is empty: give the shell command", "backup", "create", "b1", "--repository", "repo", "--command", " "),
        row(2, "--tidb needs --br-storage-secret", "backup", "create", "b1", "--repository", "repo", "--tidb", "pd:2379"),
        row(2, "source tidb.pd \"pd\" is not host:port", "backup", "create", "b1", "--repository", "repo", "--tidb", "pd", "--br-storage-secret", "s"),
        row(2, "--pg-user goes with --postgres, which was not given", "backup", "create", "b1", "--repository", "repo", "--command", "mysqldump app", "--pg-user", "u"),
        row(2, "--to-database is for application backups", "restore", "create", "r1", "--from-backup", "taken", "--to-database", "app"),
        row(2, "--from-schedule takes everything from the Schedule", "backup", "create", "--from-schedule", "s", "--pvc", "data"),
        row(4, "Schedule \"nope\" not found in namespace default", "backup", "create", "--from-schedule", "nope"),
        row(4, "Schedule \"nope\" not found in namespace default", "schedule", "run", "nope"),
        row(4, "Schedule \"nope\" not found", "schedule", "suspend", "nope"),
        row(2, "--cron: '61 * * * *' is not a valid cron expression", "schedule", "create", "s", "--cron", "61 * * * *", "--repository", "repo", "--pvc", "data"),
        row(2, "give only one source: --pvc, --postgres, --openbao, --tidb or --command", "schedule", "create", "s", "--cron", "@daily", "--repository", "repo", "--pvc", "data", "--tidb", "pd:2379", "--br-storage-secret", "b"),
        row(2, "give what to back up: --pvc, --pvc-selector, --postgres", "schedule", "create", "s", "--cron", "@daily", "--repository", "repo"),
        row(2, "--pg-password-file /nonexistent/pw cannot be read", "schedule", "create", "s", "--cron", "@daily", "--repository", "repo", "--postgres", "db/app", "--pg-user", "u", "--pg-password-file", "/nonexistent/pw"),
        row(2, "--cron: empty", "schedule", "create", "s", "--cron", " ", "--repository", "repo", "--pvc", "data"),
        row(2, "--time-zone: 'Mars/Olympus' is not an IANA time zone name", "schedule", "create", "s", "--cron", "@daily", "--time-zone", "Mars/Olympus", "--repository", "repo", "--pvc", "data"),
        row(2, "--keep-daily is -3: a count of snapshots to keep must be 0 or more", "schedule", "create", "s", "--cron", "@daily", "--repository", "repo", "--pvc", "data", "--keep-daily", "-3"),
        row(2, "--keep-within: '3x' is not a restic duration", "schedule", "create", "s", "--cron", "@daily", "--repository", "repo", "--pvc", "data", "--keep-within", "3x"),
        row(2, "--pvc=P, --pvc-selector=SEL are mutually exclusive", "schedule", "create", "s", "--cron", "@daily", "--repository", "repo", "--pvc", "data", "--pvc-selector", "app=db"),
        row(2, "--pvc-selector: 'tier in db' is not a label selector requirement", "schedule", "create", "s", "--cron", "@daily", "--repository", "repo", "--pvc-selector", "tier in db"),
        row(2, "--repository: Repository \"nope\" not found in namespace default", "schedule", "create", "s", "--cron", "@daily", "--repository", "nope", "--pvc", "data"),
        row(2, "--mode: 'sometimes' is not one of controller, cronjob", "schedule", "create", "s", "--cron", "@daily", "--repository", "repo", "--pvc", "data", "--mode", "sometimes"),
        row(2, "Schedule name \"Bad_Name\" is not a valid name", "schedule", "create", "Bad_Name", "--cron", "@daily", "--repository", "repo", "--pvc", "data"),
        row(2, "--keep-within: '3x' is not a restic duration", "retention", "plan", "--snapshots", "/nonexistent", "--keep-within", "3x"),
        row(2, "--snapshots: no such file: /nonexistent", "retention", "plan", "--snapshots", "/nonexistent", "--keep-last", "1"),
        row(2, "unknown group-by field 'zone'", "retention", "plan", "--snapshots", "/nonexistent", "--group-by", "host,zone"),
        row(2, "--tag \"a,b\": tags must be non-empty and contain no commas", "backup", "create", "b1", "--repository", "repo", "--pvc", "data", "--tag", "a,b"),
        row(2, "--timeout must be at least 1s", "backup", "create", "b1", "--repository", "repo", "--pvc", "data", "--timeout", "0s"),
        row(2, "'5x' is not a duration", "backup", "create", "b1", "--repository", "repo", "--pvc", "data", "--wait", "--timeout", "5x"),
        row(2, "Backup \"taken\" already exists", "backup", "create", "taken", "--repository", "repo", "--pvc", "data"),
        row(2, "--backoff-limit must be between 0 and 10", "backup", "create", "b1", "--repository", "repo", "--pvc", "data", "--backoff-limit", "99"),
        row(2, "-o on create takes yaml or json", "backup", "create", "b1", "--repository", "repo", "--pvc", "data", "-o", "table"),
        row(2, "is not a restic repository URL", "repository", "create", "r2", "--url", "ftp://host/x", "--password-file", password),
        row(2, "must not contain credentials", "repository", "create", "r2", "--url", "s3:https://user:pw@host/bucket", "--password-file", password),
        row(2, "cannot be read", "repository", "create", "r2", "--url", "local:/srv/restic", "--password-file", "/nonexistent/pw"),
        row(2, "is empty", "repository", "create", "r2", "--url", "local:/srv/restic", "--password-file", emptyFile),
        row(2, "Missing required argument (specify one of these): (--password-file=FILE | --password-secret=NAME[:KEY])", "repository", "create", "r2", "--url", "local:/srv/restic"),
        row(2, "--password-secret: Secret \"missing\" not found", "repository", "create", "r2", "--url", "local:/srv/restic", "--password-secret", "missing"),
        row(2, "--password-secret: Secret \"repo-restic\" has no key \"nokey\"", "repository", "create", "r2", "--url", "local:/srv/restic", "--password-secret", "repo-restic:nokey"),
        row(2, "--credentials-secret: Secret \"aws\" not found", "repository", "create", "r2", "--url", "s3:http://h/b", "--password-file", password, "--credentials-secret", "aws"),
        row(2, "--init \"sometimes\": use auto or never", "repository", "create", "r2", "--url", "local:/srv/restic", "--password-file", password, "--init", "sometimes"),
        row(2, "Repository \"repo\" already exists", "repository", "create", "repo", "--url", "local:/srv/restic", "--password-file", password),
        row(2, "schedule.offHours[0]: end 20:00 equals start: a window must have a length", "hibernate", "create", "h", "--off-hours", "Mon-Fri 20:00-20:00", "--workloads", "app=web"),
        row(2, "schedule.offHours[0].start: '25:00' is not a time of day HH:MM", "hibernate", "create", "h", "--off-hours", "25:00-07:00", "--workloads", "app=web"),
        row(2, "--off-hours: unknown day 'Funday' in 'Funday 20:00-07:00'", "hibernate", "create", "h", "--off-hours", "Funday 20:00-07:00", "--workloads", "app=web"),
        row(2, "--off-hours: 'tonight' is not [DAYS] HH:MM-HH:MM", "hibernate", "create", "h", "--off-hours", "tonight", "--workloads", "app=web"),
        row(2, "--time-zone: unknown time zone 'Mars/Olympus'", "hibernate", "create", "h", "--off-hours", "20:00-07:00", "--time-zone", "Mars/Olympus", "--workloads", "app=web"),
        row(2, "targets[0].type: unknown type 'robots' (use one of workloads, cronjobs, nodepools, patch, ec2, rds, eks-nodegroups)", "hibernate", "create", "h", "--off-hours", "20:00-07:00", "--target", robotsTarget),
        row(2, "targets[0].parameters.cluster is missing: the EKS cluster whose node groups to scale", "hibernate", "create", "h", "--off-hours", "20:00-07:00", "--target", ec2Target),
        row(2, "targets[0].refs: 'web' is not kind/name with kind deployment, statefulset or replicaset", "hibernate", "create", "h", "--off-hours", "20:00-07:00", "--workloads", "web"),
        row(2, "targets[0] (nodepools): Karpenter NodePools are cluster-wide: only objects in lifeboat's own namespace"
            + " lifeboat-system may act beyond their namespace; create the plan there", "hibernate", "create", "h",
            "--off-hours", "20:00-07:00", "--nodepools", "env=dev"),
        row(2, "no target: give --workloads, --cronjobs, --nodepools or --target", "hibernate", "create", "h", "--off-hours", "20:00-07:00"),
        row(2, "--workloads: 'tier in web' is not a label selector requirement", "hibernate", "create", "h", "--off-hours", "20:00-07:00", "--workloads", "tier in web"),
        row(2, "--target: cannot read /nonexistent.yaml", "hibernate", "create", "h", "--off-hours", "20:00-07:00", "--target", "/nonexistent.yaml"),
        row(2, "HibernatePlan name \"Bad_Name\" is not a valid name", "hibernate", "create", "Bad_Name", "--off-hours", "20:00-07:00", "--workloads", "app=web"),
        row(2, "--off-hours=WINDOW", "hibernate", "create", "h", "--workloads", "app=web"),
        row(4, "HibernatePlan \"nope\" not found in namespace default", "hibernate", "now", "nope"),
        row(4, "HibernatePlan \"nope\" not found in namespace default", "hibernate", "wake", "nope", "--wait"),
        row(2, "--until: 2020-01-01T00:00:00Z is not in the future", "hibernate", "wake", "asleep", "--until", "2020-01-01T00:00:00Z"),
        row(2, "--until: 'soonish' is neither a duration (2h, 90m), a time of day", "hibernate", "now", "asleep", "--until", "soonish"),
        row(2, "HibernatePlan \"asleep\" is Hibernated: its targets may be down. Wake them first", "hibernate", "delete", "asleep"),
        row(2, "unknown resource type \"widgets\"", "get", "widgets"),
        row(2, "Unknown option: '--frobnicate'", "backup", "get", "--frobnicate"),
        row(4, "Backup \"nope\" not found in namespace default", "backup", "describe", "nope"),
        row(4, "Repository \"nope\" not found", "repository", "delete", "nope"),
        row(2, "Repository repo is used by 1: Backup taken", "repository", "delete", "repo"),
        row(2, "KEY_ID \"xyz\": use an ID (8 to 64 hex digits)", "repository", "key", "remove", "repo", "xyz"),
        row(2, "--password-file /nonexistent/pw cannot be read", "repository", "key", "rotate", "repo", "--password-file",
            "/nonexistent/pw"),
        row(4, "Repository \"nope\" not found in namespace default", "repository", "key", "list", "nope"),
        row(2, "Repository \"gone\" of Backup \"orphan\" not found in namespace default", "restore", "create", "r1",
            "--from-backup", "orphan"),
        row(2, "--read-data-subset '150%': use a percentage from 0.1% to 100%", "repository", "check", "repo", "--read-data-subset", "150%"),
        row(2, "--max-unused 'lots': use a percentage (e.g. 5%), a size (e.g. 1G) or unlimited", "repository", "prune", "repo", "--max-unused", "lots"),
        row(2, "--remove-all also removes the locks of running backups and restores; add --force", "repository", "unlock", "repo", "--remove-all"),
        row(2, "unknown command \"defrag\" for \"lifeboat repository\"", "repository", "defrag", "repo"),
        row(4, "Repository \"nope\" not found", "repository", "verify", "nope", "--wait"),
        row(2, "Repository repo is not checked yet: this needs a Ready repository", "repository", "import", "repo"),
        row(2, "Repository repo is not checked yet: this needs a Ready repository", "repository", "check", "repo", "--wait"),
        row(2, "Repository repo is not checked yet: this needs a Ready repository", "repository", "snapshots", "repo"),
        row(2, "--output: 'csv' is not a format of this command: use table, json or yaml", "repository", "snapshots", "repo", "-o", "csv"),
        row(2, "--check-cron: 'often' is not a valid cron expression", "repository", "create", "r2", "--url", "local:/tmp/r2", "--password-file", password, "--check-cron", "often"),
        row(2, "--read-data-subset '0/0'", "repository", "create", "r2", "--url", "local:/tmp/r2", "--password-file", password, "--read-data-subset", "0/0"),
        row(2, "--deletion-policy \"sometimes\": use retain or delete", "repository", "create", "r2", "--url", "local:/tmp/r2", "--password-file", password, "--deletion-policy", "sometimes"),
        row(2, "--maintenance-time-zone: 'Mars/Olympus' is not an IANA time zone name", "repository", "create", "r2", "--url", "local:/tmp/r2", "--password-file", password, "--maintenance-time-zone", "Mars/Olympus"),
        row(2, "--replicas 0: use 1 to 10", "install", "--replicas", "0"),
        row(2, "--image is required with a development build (" + dev.lifeboat.Version.get() + "): no image of it is"
            + " published", "install", "--dry-run"),
        row(2, "--memory-limit 'lots' is not a memory quantity: use e.g. 512Mi or 1Gi", "install", "--memory-limit", "lots"),
        row(2, "--memory-limit 128Mi is too small for the controller's JVM: use 192Mi or more", "install",
            "--memory-limit", "128Mi"),
        row(2, "--output: 'json' is not a format of install: use yaml", "install", "-o", "json"),
        row(2, "--watch-namespace \"Bad_NS\" is not a valid name", "install", "--watch-namespace", "Bad_NS"),
        row(2, "--crds removes the CustomResourceDefinitions, and with them every lifeboat object: add --force", "uninstall", "--crds"),
        row(2, "--deletion-policy \"forever\": use retain or delete", "backup", "create", "b1", "--repository", "repo", "--pvc", "data", "--deletion-policy", "forever"),
        row(5, "cannot reach the Kubernetes API at http://127.0.0.1:1", "--kubeconfig", closed, "get", "backups"),
        row(2, "--kubeconfig " + malformed + ": not a usable kubeconfig", "--kubeconfig", malformed, "get", "backups"),
        row(2, "--kubeconfig /nonexistent/kubeconfig: file not found", "--kubeconfig", "/nonexistent/kubeconfig", "get", "backups"),
        // An unknown context is refused before any request, naming the contexts that exist (kubectl does the same).
        row(2, "--context prod-cluster: no such context in " + kubeconfig + "; its contexts: lifeboat-sandbox", "--context", "prod-cluster", "get", "backups"),
        row(2, "--context prod-cluster: no such context", "--context", "prod-cluster", "backup", "create", "b1", "--repository", "repo", "--pvc", "data"),
        // A duration without a unit is a guess (seconds? minutes?): refused, as Go and kubectl do.
        row(2, "10 has no unit: 10s, 10m or 10h?", "backup", "create", "b1", "--repository", "repo", "--pvc", "data", "--timeout", "10"),
        row(2, "10 has no unit: 10s, 10m or 10h?", "restore", "create", "r1", "--from-backup", "taken", "--wait", "--timeout", "10"),
        // Drills and the protection report: each bad flag named, no Drill created.
        row(2, "Drill name \"Bad_Name\" is not a valid name", "drill", "create", "Bad_Name", "--from-backup", "taken"),
        row(2, "Backup \"nope\" not found in namespace default", "drill", "create", "d1", "--from-backup", "nope"),
        row(2, "claim \"elsewhere\" has no Ready Backup in namespace default", "drill", "create", "d1", "--latest-of-pvc", "elsewhere"),
        row(2, "Schedule \"nope\" not found in namespace default", "drill", "create", "d1", "--latest-of-schedule", "nope"),
        row(2, "--scratch-size \"lots\" is no size", "drill", "create", "d1", "--from-backup", "taken", "--scratch-size", "lots"),
        row(2, "--verify-command is empty", "drill", "create", "d1", "--from-backup", "taken", "--verify-command", " "),
        row(2, "-o on status takes table or json", "status", "-o", "yaml"),
        row(2, "--drill-cron: 'every sunday' is not a valid cron expression", "schedule", "create", "s1", "--repository", "repo", "--pvc", "data", "--cron", "@daily", "--drill-cron", "every sunday"),
        row(2, "--drill-verify-command goes with --drill-cron", "schedule", "create", "s1", "--repository", "repo", "--pvc", "data", "--cron", "@daily", "--drill-verify-command", "true"),
        row(2, "--rpo must be more than 0", "schedule", "create", "s1", "--repository", "repo", "--pvc", "data", "--cron", "@daily", "--rpo", "0s"));
  }

  private static Arguments row(int code, String message, String... args) {
    return Arguments.of(code, message, args);
  }

  @ParameterizedTest(name = "{2} -> {0}")
  @MethodSource("rows")
  void rejectedWithAClearMessageAndNothingChanged(int code, String message, String[] args) {
    List<String> full = new ArrayList<>();
    if (!args[0].equals("--kubeconfig")) {
      full.add("--kubeconfig");
      full.add(kubeconfig);
    }
    full.addAll(List.of(args));
    String before = inventory();
    Cli.Result result = Cli.run(full.toArray(String[]::new));
    assertEquals(code, result.exitCode(), result.all());
    assertTrue(result.err().contains(message), "expected \"" + message + "\" in: " + result.err());
    assertTrue(result.err().startsWith("error: "), result.err());
    assertFalse(result.all().contains("\tat "), "no stack trace without -v: " + result.all());
    assertEquals(before, inventory(), "the API server must hold exactly what it held before");
  }

  /** Names of everything a command could have created. */
  private String inventory() {
    return String.join(",",
        h.client.resources(Repository.class).inAnyNamespace().list().getItems().stream()
            .map(r -> r.getMetadata().getName() + "@" + r.getMetadata().getResourceVersion()).sorted().toList().toString(),
        names(h.client.resources(Backup.class).inAnyNamespace().list().getItems()),
        names(h.client.resources(dev.lifeboat.api.Schedule.class).inAnyNamespace().list().getItems()),
        names(h.client.resources(dev.lifeboat.api.Drill.class).inAnyNamespace().list().getItems()),
        h.client.resources(dev.lifeboat.api.HibernatePlan.class).inAnyNamespace().list().getItems().stream()
            .map(p -> p.getMetadata().getName() + "@" + p.getMetadata().getResourceVersion()).sorted().toList().toString(),
        names(h.client.configMaps().inAnyNamespace().list().getItems()),
        names(h.client.batch().v1().cronjobs().inAnyNamespace().list().getItems()),
        names(h.client.secrets().inAnyNamespace().list().getItems()),
        names(h.client.persistentVolumeClaims().inAnyNamespace().list().getItems()),
        names(h.client.batch().v1().jobs().inAnyNamespace().list().getItems()));
  }

  private static String names(List<? extends io.fabric8.kubernetes.api.model.HasMetadata> items) {
    return items.stream().map(i -> i.getKind() + "/" + i.getMetadata().getName()).sorted().toList().toString();
  }
}
