package dev.lifeboat.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.api.Drill;
import dev.lifeboat.api.DrillPhase;
import dev.lifeboat.api.Restore;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.cluster.KubeApiWriter;
import dev.lifeboat.engine.ControllerHealth;
import dev.lifeboat.engine.ControllerMetrics;
import dev.lifeboat.engine.MetricsServer;
import dev.lifeboat.engine.WatchController;
import dev.lifeboat.jobs.JobFactory;
import dev.lifeboat.jobs.JobSettings;
import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.sandbox.Sandbox;
import dev.lifeboat.sandbox.SandboxPaths;
import dev.lifeboat.sandbox.SandboxPvcs;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.LeakCheck;
import dev.lifeboat.support.AheadClock;
import dev.lifeboat.support.RealTools;
import dev.lifeboat.support.Trees;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restore drills and the protection report with real restic: a good Backup drills Succeeded, its data checked by a
 * verify command against checksums taken of the source, with its RTO and no scratch left; a repository with its pack
 * files deleted fails the drill in restic's words and 'lifeboat status' exits 1 naming that claim; claims no Schedule
 * covers are unprotected, labelled ones excluded; a Schedule's drill cron fires on an injected clock. One sandbox,
 * one controller (whose clock the test moves).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class DrillE2E {
  private static final String PASSWORD = "planted-password-" + UUID.randomUUID();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path tmp;
  private Sandbox sandbox;
  private WatchController controller;
  private MetricsServer metricsServer;
  private AheadClock clock;
  private String kubeconfig;
  private Path passwordFile;
  private final List<String> outputs = new ArrayList<>();
  private final LeakCheck leaks = new LeakCheck();

  @BeforeAll
  void start() throws Exception {
    RealTools.requireRestic();
    sandbox = Sandbox.start(new SandboxPaths(tmp.resolve("sandbox")), 0, null, false);
    clock = new AheadClock();
    controller = new WatchController(Kinds.reconcilers(), sandbox.client(), null, new KubeApiWriter(sandbox.client(), clock),
        new JobFactory(JobSettings.defaults()), clock, 2);
    ControllerMetrics metrics = new ControllerMetrics();
    controller.withMetrics(metrics);
    metricsServer = MetricsServer.start(0, metrics,
        new ControllerHealth(false, controller::cachesSynced, controller::notAlive));
    metrics.leading(true);
    controller.start();
    kubeconfig = sandbox.paths().kubeconfig().toString();
    passwordFile = tmp.resolve("password");
    Files.writeString(passwordFile, PASSWORD + "\n");
  }

  @AfterAll
  void stop() throws Exception {
    try {
      leaks.assertNoneContains(sandbox, outputs, PASSWORD);
      // The clock moved days ahead: the Schedules fire runs. Stop them and let their Jobs end before the folder goes.
      for (Schedule s : sandbox.client().resources(Schedule.class).inNamespace("default").list().getItems()) {
        sandbox.client().resources(Schedule.class).inNamespace("default").withName(s.getMetadata().getName())
            .edit(o -> {
              o.getSpec().suspend = true;
              return o;
            });
      }
      Eventually.await(Duration.ofMinutes(2), "no Job running", () -> sandbox.client().batch().v1().jobs()
          .inNamespace("default").list().getItems().stream().noneMatch(j -> j.getStatus() == null
              || j.getStatus().getActive() != null && j.getStatus().getActive() > 0
              || j.getStatus().getCompletionTime() == null && j.getStatus().getFailed() == null));
    } finally {
      if (metricsServer != null) {
        metricsServer.close();
      }
      if (controller != null) {
        controller.close();
      }
      if (sandbox != null) {
        sandbox.close();
      }
      leaks.close();
    }
  }

  private Cli.Result lifeboat(String... args) {
    Cli.Result result = Cli.against(kubeconfig, args);
    outputs.add(result.all());
    return result;
  }

  private Path claim(String name, int files, long seed) throws Exception {
    Path data = tmp.resolve("data-" + name);
    Trees.generate(data, files, 1L << 20, seed, false);
    SandboxPvcs.create(sandbox.client(), sandbox.paths(), "default", name, data);
    return data;
  }

  private Path repositoryAndBackup(String repo, String claim, String backup) {
    Path path = tmp.resolve("repo-" + repo);
    Cli.Result created = lifeboat("repository", "create", repo, "--url", "local:" + path, "--password-file",
        passwordFile.toString(), "--wait", "--timeout", "3m");
    assertEquals(0, created.exitCode(), created.all());
    Cli.Result done = lifeboat("backup", "create", backup, "--repository", repo, "--pvc", claim, "--wait", "--timeout", "3m");
    assertEquals(0, done.exitCode(), done.all());
    return path;
  }

  /** The checksum of a tree as the verify command computes it in the Job: every file's sha256, in name order. */
  private static String treeSum(Path dir) throws Exception {
    Process p = new ProcessBuilder("/bin/sh", "-c", "cd \"$0\" && find . -type f -print0 | sort -z | xargs -0 sha256sum"
        + " | sha256sum | cut -c1-64", dir.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  private static String verifyCommand(String sum) {
    return "cd \"$DRILL_PATH\" && test \"$(find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum"
        + " | cut -c1-64)\" = " + sum;
  }

  private Drill drill(String name) {
    return sandbox.client().resources(Drill.class).inNamespace("default").withName(name).get();
  }

  private PersistentVolumeClaim pvc(String name) {
    return sandbox.client().persistentVolumeClaims().inNamespace("default").withName(name).get();
  }

  @Test
  void aGoodBackupDrillsSucceededWithItsRtoAndNoScratchLeft() throws Exception {
    Path data = claim("good", 30, 3);
    repositoryAndBackup("good-repo", "good", "good-1");
    Cli.Result drilled = lifeboat("drill", "create", "good-drill", "--from-backup", "good-1", "--wait", "--timeout", "3m",
        "--verify-command", verifyCommand(treeSum(data)));
    assertEquals(0, drilled.exitCode(), drilled.all());
    assertTrue(drilled.out().contains("drill good-drill Succeeded: RTO"), drilled.out());

    Drill d = drill("good-drill");
    assertEquals(DrillPhase.Succeeded, d.getStatus().phase);
    assertNotNull(d.getStatus().rtoSeconds);
    long files;
    try (Stream<Path> all = Files.walk(data)) {
      files = all.filter(f -> !Files.isDirectory(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)).count();
    }
    assertEquals(files, d.getStatus().restoredFiles.longValue(), "every file came back");
    assertEquals("good", d.getStatus().pvc);
    assertNotNull(d.getStatus().backupAgeSeconds);
    assertEquals(List.of(DrillPhase.Restoring, DrillPhase.Verifying, DrillPhase.Succeeded),
        d.getStatus().history.stream().map(h -> h.phase).toList());
    Eventually.await(Duration.ofSeconds(30), "the scratch claim and the drill's Restore gone",
        () -> pvc("good-drill-scratch") == null
            && sandbox.client().resources(Restore.class).inNamespace("default").withName("good-drill-drill").get() == null);
    assertTrue(Files.exists(data.resolve(Trees.checksums(data).keySet().iterator().next())), "the source is untouched");

    Cli.Result described = lifeboat("drill", "describe", "good-drill");
    assertTrue(described.out().contains("RTO:") && described.out().contains("(deleted)"), described.out());
    Cli.Result table = lifeboat("drill", "get");
    assertTrue(table.out().lines().anyMatch(l -> l.startsWith("good-drill") && l.contains("Succeeded")), table.out());

    // A verify command that finds different data fails the drill, and the scratch stays for a look.
    Cli.Result wrong = lifeboat("drill", "create", "wrong-sum", "--latest-of-pvc", "good", "--wait", "--timeout", "3m",
        "--verify-command", verifyCommand("0".repeat(64)));
    assertEquals(1, wrong.exitCode(), wrong.all());
    Drill failed = drill("wrong-sum");
    assertEquals(DrillPhase.Failed, failed.getStatus().phase);
    assertTrue(failed.getStatus().failure.contains("the verify command failed"), failed.getStatus().failure);
    assertNotNull(pvc("wrong-sum-scratch"), "kept for a look");
    assertNotNull(failed.getStatus().scratchKeptUntil);
    clock.advance(Duration.ofHours(25));
    poke(Drill.class, "wrong-sum"); // its requeue was planned on the old time: a change wakes it on the new one
    Eventually.await(Duration.ofSeconds(60), "the kept scratch deleted after keepFailed",
        () -> pvc("wrong-sum-scratch") == null && Boolean.TRUE.equals(drill("wrong-sum").getStatus().scratchDeleted));
  }

  @Test
  void aDamagedRepositoryFailsTheDrillInResticsWordsAndStatusExitsOne() throws Exception {
    claim("damaged", 20, 5);
    Path repo = repositoryAndBackup("damaged-repo", "damaged", "damaged-1");
    Cli.Result schedule = lifeboat("schedule", "create", "damaged-nightly", "--repository", "damaged-repo", "--pvc",
        "damaged", "--cron", "@daily");
    assertEquals(0, schedule.exitCode(), schedule.all());
    Eventually.await(Duration.ofSeconds(30), "the Schedule lists its claim", () -> {
      Schedule s = sandbox.client().resources(Schedule.class).inNamespace("default").withName("damaged-nightly").get();
      return s.getStatus() != null && s.getStatus().pvcs.stream().anyMatch(p -> "damaged".equals(p.pvc));
    });
    try (Stream<Path> packs = Files.walk(repo.resolve("data"))) {
      for (Path pack : packs.filter(Files::isRegularFile).toList()) {
        Files.delete(pack);
      }
    }
    Cli.Result drilled = lifeboat("drill", "create", "damaged-drill", "--latest-of-pvc", "damaged", "--wait",
        "--timeout", "3m", "--keep-failed", "0s");
    assertEquals(1, drilled.exitCode(), drilled.all());
    Drill d = drill("damaged-drill");
    assertEquals(DrillPhase.Failed, d.getStatus().phase);
    String failure = d.getStatus().failure.toLowerCase();
    assertTrue(failure.contains("restic") && (failure.contains("no such file") || failure.contains("not found")
        || failure.contains("missing") || failure.contains("does not exist")), "restic's words: " + d.getStatus().failure);
    Eventually.await(Duration.ofSeconds(30), "keepFailed 0s: the scratch deleted at once",
        () -> pvc("damaged-drill-scratch") == null);

    Cli.Result status = lifeboat("status", "-o", "json");
    assertEquals(1, status.exitCode(), status.all());
    Map<String, JsonNode> rows = byUnit(status.out());
    assertNotNull(rows.get("damaged"), status.all());
    assertEquals("drill failed", rows.get("damaged").get("verdict").asText(), status.out());
    assertEquals("damaged-drill", rows.get("damaged").get("lastDrill").asText());
    Cli.Result table = lifeboat("status");
    assertEquals(1, table.exitCode());
    assertTrue(table.out().lines().anyMatch(l -> l.startsWith("damaged ") && l.contains("drill failed")), table.out());
  }

  @Test
  void claimsNoScheduleCoversAreUnprotectedAndLabelledOnesExcluded() throws Exception {
    claim("loose", 2, 7);
    claim("scratchpad", 2, 8);
    sandbox.client().persistentVolumeClaims().inNamespace("default").withName("scratchpad")
        .edit(p -> {
          var labels = new java.util.HashMap<String, String>(p.getMetadata().getLabels() == null ? Map.of()
              : p.getMetadata().getLabels());
          labels.put("lifeboat.dev/backup", "false");
          p.getMetadata().setLabels(labels);
          return p;
        });
    Cli.Result status = lifeboat("status", "-o", "json");
    assertEquals(1, status.exitCode(), status.all());
    Map<String, JsonNode> rows = byUnit(status.out());
    assertNotNull(rows.get("loose"), status.all());
    assertEquals("unprotected", rows.get("loose").get("verdict").asText(), status.out());
    assertEquals("excluded", rows.get("scratchpad").get("verdict").asText(), status.out());
    assertTrue(rows.keySet().stream().noneMatch(u -> u.endsWith("-scratch")), "drill scratch claims are no rows");
    Cli.Result bad = lifeboat("status", "-o", "yaml");
    assertEquals(2, bad.exitCode(), bad.all());
  }

  @Test
  void aSchedulesDrillCronFiresOnItsTime() throws Exception {
    claim("timed", 5, 9);
    repositoryAndBackup("timed-repo", "timed", "timed-0");
    Cli.Result created = lifeboat("schedule", "create", "timed-nightly", "--repository", "timed-repo", "--pvc", "timed",
        "--cron", "0 3 * * *", "--drill-cron", "0 5 * * *", "--rpo", "30h");
    assertEquals(0, created.exitCode(), created.all());
    // The Schedule made no Backup yet: its own first run fires at 03:00, then the drill at 05:00 drills that one.
    Instant now = clock.instant();
    Instant nextThree = nextAt(now, 3);
    clock.advance(Duration.between(now, nextThree).plusMinutes(1));
    poke(Schedule.class, "timed-nightly");
    Eventually.await(Duration.ofMinutes(2), "the 03:00 run's Backup Ready", () -> {
      Schedule s = sandbox.client().resources(Schedule.class).inNamespace("default").withName("timed-nightly").get();
      return s.getStatus() != null && s.getStatus().pvcs.stream().anyMatch(p -> p.lastSuccessfulBackup != null
          && !p.lastSuccessfulBackup.equals("timed-0"));
    });
    clock.advance(Duration.ofHours(2));
    poke(Schedule.class, "timed-nightly");
    Instant five = nextThree.plus(Duration.ofHours(2));
    String name = dev.lifeboat.lifecycle.schedule.ScheduleDrills.drillName("timed-nightly", "timed", five);
    Eventually.await(Duration.ofMinutes(2), "the 05:00 Drill Succeeded", () -> {
      Drill d = drill(name);
      return d != null && d.getStatus() != null && d.getStatus().phase == DrillPhase.Succeeded;
    }, () -> String.valueOf(drill(name) == null ? null : drill(name).getStatus()));
    Schedule s = sandbox.client().resources(Schedule.class).inNamespace("default").withName("timed-nightly").get();
    assertEquals(five.toString(), s.getStatus().lastDrillTime);
    assertEquals(five.plus(Duration.ofDays(1)).toString(), s.getStatus().nextDrillTime);
    assertNull(drill(dev.lifeboat.lifecycle.schedule.ScheduleDrills.drillName("timed-nightly", "timed",
        five.minus(Duration.ofDays(1)))), "no drill for a fire time before the Schedule existed");
    Map<String, JsonNode> rows = byUnit(lifeboat("status", "-o", "json").out());
    assertEquals("protected", rows.get("timed").get("verdict").asText());
    assertEquals(30 * 3600, rows.get("timed").get("rpoSeconds").asLong());
  }

  /**
   * deploy/monitoring's contract: every metric an alert or a dashboard panel uses is in a scrape of the controller
   * after the backups and drills above, a repository check (and one held operation lock, planted as the lock code writes it).
   */
  @Test
  @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
  void everyMetricTheAlertsAndTheDashboardUseIsScraped() throws Exception {
    Cli.Result checked = lifeboat("repository", "check", "good-repo", "--wait"); // its Healthy condition
    assertEquals(0, checked.exitCode(), checked.all());
    sandbox.client().leases().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder()
        .withNewMetadata().withName("lifeboat-lock-contract").addToLabels("app.kubernetes.io/managed-by", "lifeboat")
        .endMetadata().withNewSpec().withHolderIdentity("Restore/default/contract")
        .withAcquireTime(java.time.ZonedDateTime.now()).withRenewTime(java.time.ZonedDateTime.now()).endSpec().build())
        .create();
    java.util.Set<String> used = new java.util.TreeSet<>();
    for (String file : List.of("prometheus-rule.yaml", "grafana-dashboard.json")) {
      String text = Files.readString(Path.of("deploy/monitoring", file));
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("lifeboat_[a-z_]+").matcher(text);
      while (m.find()) {
        used.add(m.group().replaceAll("_(bucket|sum|count)$", ""));
      }
    }
    assertTrue(used.size() >= 10, "the rules and panels name lifeboat's metrics: " + used);
    var http = java.net.http.HttpClient.newHttpClient();
    var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + metricsServer.port()
        + "/metrics")).build();
    Eventually.await(Duration.ofSeconds(30), "every metric of deploy/monitoring in the scrape", () -> {
      try {
        String scrape = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return used.stream().allMatch(name -> scrape.lines().anyMatch(l -> l.startsWith(name + "{")
            || l.startsWith(name + " ") || l.startsWith(name + "_bucket{")));
      } catch (Exception e) {
        return false;
      }
    }, () -> {
      try {
        String scrape = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return "missing: " + used.stream().filter(name -> scrape.lines().noneMatch(l -> l.startsWith(name + "{")
            || l.startsWith(name + " ") || l.startsWith(name + "_bucket{"))).toList();
      } catch (Exception e) {
        return e.toString();
      }
    });
  }

  /** A label change: the controller looks at the object now, on its moved clock (its planned requeue is real time). */
  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> void poke(Class<T> type, String name) {
    sandbox.client().resources(type).inNamespace("default").withName(name).edit(o -> {
      var labels = new java.util.HashMap<String, String>(o.getMetadata().getLabels() == null ? Map.of()
          : o.getMetadata().getLabels());
      labels.put("test-poke", String.valueOf(System.nanoTime()));
      o.getMetadata().setLabels(labels);
      return o;
    });
  }

  private static Instant nextAt(Instant now, int hour) {
    var utc = now.atZone(java.time.ZoneOffset.UTC);
    var at = utc.withHour(hour).withMinute(0).withSecond(0).withNano(0);
    return (at.isAfter(utc) ? at : at.plusDays(1)).toInstant();
  }

  private static Map<String, JsonNode> byUnit(String json) throws Exception {
    Map<String, JsonNode> rows = new java.util.LinkedHashMap<>();
    for (JsonNode row : JSON.readTree(json)) {
      rows.put(row.has("pvc") ? row.get("pvc").asText() : row.get("source").asText(), row);
    }
    return rows;
  }
}
