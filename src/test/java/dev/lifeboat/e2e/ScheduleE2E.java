package dev.lifeboat.e2e;

import dev.lifeboat.support.Owners;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.sandbox.Sandbox;
import dev.lifeboat.sandbox.SandboxPaths;
import dev.lifeboat.sandbox.SandboxPvcs;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.Eventually;
import dev.lifeboat.support.LeakCheck;
import dev.lifeboat.support.RealTools;
import dev.lifeboat.support.Trees;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedules with real restic, twice: run by the controller, and in mode CronJob with no controller
 * at all (the sandbox fires the CronJob; its pod runs {@code backup create --from-schedule --wait},
 * which drives everything itself). A '* * * * *' schedule over two PVCs picked by a selector, keep-last
 * 2, fires on its own, then {@code schedule run} twice more: each PVC ends with exactly 2 Ready
 * Backups whose snapshots are the only ones restic lists for it, and the newest restores byte for byte.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScheduleE2E {
  private static final String PASSWORD = "planted-schedule-password-" + UUID.randomUUID();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path tmp;
  private final List<String> outputs = new ArrayList<>();
  private final LeakCheck leaks = new LeakCheck();
  private final List<Sandbox> sandboxes = new ArrayList<>();
  private Map<String, Map<String, String>> sums;
  private Path passwordFile;

  @BeforeAll
  void trees() throws Exception {
    RealTools.requireRestic();
    passwordFile = tmp.resolve("password");
    Files.writeString(passwordFile, PASSWORD);
    Trees.generate(tmp.resolve("db"), 60, 1L << 20, 7);
    Trees.generate(tmp.resolve("files"), 80, 0, 8);
    sums = Map.of("db", Trees.checksums(tmp.resolve("db")), "files", Trees.checksums(tmp.resolve("files")));
  }

  @AfterAll
  void stop() {
    sandboxes.forEach(Sandbox::close);
    leaks.close();
  }

  private Sandbox sandbox(String name, boolean withController) throws Exception {
    Sandbox sandbox = Sandbox.start(new SandboxPaths(tmp.resolve(name)), 0, null, withController);
    Owners.requireIsolation();
    // Its data has several owners (Trees): only a privileged mover reads and restores them all.
    Owners.allowPrivilegedMovers(sandbox.client(), "default");
    sandboxes.add(sandbox);
    for (String pvc : List.of("db", "files")) {
      SandboxPvcs.create(sandbox.client(), sandbox.paths(), "default", pvc, tmp.resolve(pvc), Map.of("backup", "nightly"));
    }
    SandboxPvcs.create(sandbox.client(), sandbox.paths(), "default", "scratch", tmp.resolve("db"), Map.of());
    Cli.Result repo = lifeboat(sandbox, "repository", "create", "repo", "--url", "local:" + tmp.resolve(name + "-repo"),
        "--password-file", passwordFile.toString(), "--wait", "--timeout", "2m");
    assertEquals(0, repo.exitCode(), repo.all());
    return sandbox;
  }

  private Cli.Result lifeboat(Sandbox sandbox, String... args) {
    Cli.Result result = Cli.against(sandbox.paths().kubeconfig().toString(), args);
    outputs.add(result.all());
    return result;
  }

  @Test
  void theControllerFiresRunsAndRetentionKeepsTwoPerPvc() throws Exception {
    Sandbox sandbox = sandbox("controller", true);
    Cli.Result created = lifeboat(sandbox, "schedule", "create", "nightly", "--cron", "* * * * *", "--repository", "repo",
        "--pvc-selector", "backup=nightly", "--keep-last", "2");
    assertEquals(0, created.exitCode(), created.all());
    awaitCronRunReady(sandbox, "nightly");
    // Freeze the cron so that the end state is exact; manual runs still work on a suspended Schedule.
    assertEquals(0, lifeboat(sandbox, "schedule", "suspend", "nightly").exitCode());
    runTwiceMore(sandbox, "nightly");
    assertTwoPerPvcAndOnlyTheirSnapshots(sandbox, "nightly", tmp.resolve("controller-repo"));
    Cli.Result describe = lifeboat(sandbox, "schedule", "describe", "nightly");
    assertTrue(describe.out().contains("keep    last snapshot"), describe.out());
    Cli.Result list = lifeboat(sandbox, "get", "schedules");
    assertTrue(list.out().matches("(?s)NAME\\s+PHASE\\s+CRON\\s+NEXT\\s+LAST\\s+SUSPENDED\\s+AGE\\s+nightly\\s+Suspended\\s+"
        + "\\* \\* \\* \\* \\*\\s+\\d+s ago\\s+true.*"), list.out());
    leaks.assertNoneContains(sandbox, outputs, PASSWORD);
  }

  @Test
  void aCronJobRunsTheScheduleWithNoController() throws Exception {
    Sandbox sandbox = sandbox("cronjob", false);
    Cli.Result created = lifeboat(sandbox, "schedule", "create", "nightly", "--cron", "* * * * *", "--repository", "repo",
        "--pvc-selector", "backup=nightly", "--keep-last", "2", "--mode", "cronjob");
    assertEquals(0, created.exitCode(), created.all());
    assertTrue(created.out().contains("runs are fired by CronJob nightly-backup"), created.out());
    var cronJob = sandbox.client().batch().v1().cronjobs().inNamespace("default").withName("nightly-backup").get();
    assertEquals(List.of("lifeboat", "backup", "create", "--from-schedule", "nightly", "--namespace", "default", "--wait",
        "--timeout", "15300s"), cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0).getCommand());
    assertEquals("Forbid", cronJob.getSpec().getConcurrencyPolicy());
    Eventually.await(Duration.ofSeconds(150), "the CronJob's first Job to succeed", () -> sandbox.client().batch().v1()
        .jobs().inNamespace("default").list().getItems().stream()
        .anyMatch(j -> j.getMetadata().getName().startsWith("nightly-backup-") && succeeded(j)));
    assertEquals(0, lifeboat(sandbox, "schedule", "suspend", "nightly").exitCode());
    assertTrue(sandbox.client().batch().v1().cronjobs().inNamespace("default").withName("nightly-backup").get()
        .getSpec().getSuspend(), "suspending the Schedule suspends its CronJob, with no controller running");
    Eventually.await(Duration.ofSeconds(60), "the last CronJob run to end", () -> sandbox.client().batch().v1().jobs()
        .inNamespace("default").list().getItems().stream()
        .filter(j -> j.getMetadata().getName().startsWith("nightly-backup-")).allMatch(ScheduleE2E::finished));
    runTwiceMore(sandbox, "nightly");
    assertTwoPerPvcAndOnlyTheirSnapshots(sandbox, "nightly", tmp.resolve("cronjob-repo"));
    String podLog = Files.readString(Files.list(sandbox.paths().logs().resolve("default"))
        .filter(p -> p.getFileName().toString().startsWith("nightly-backup-")).findFirst().orElseThrow());
    assertTrue(podLog.contains("no lifeboat controller is running for namespace default: driving Backup nightly-"), podLog);
    leaks.assertNoneContains(sandbox, outputs, PASSWORD);
  }

  private void awaitCronRunReady(Sandbox sandbox, String schedule) {
    Eventually.await(Duration.ofSeconds(150), "the cron's own run to complete", () -> {
      Schedule s = sandbox.client().resources(Schedule.class).inNamespace("default").withName(schedule).get();
      return s.getStatus() != null && s.getStatus().lastScheduleTime != null
          && backups(sandbox, schedule).stream().filter(b -> b.getStatus() != null
              && b.getStatus().phase == BackupPhase.Ready).count() >= 2;
    });
  }

  private void runTwiceMore(Sandbox sandbox, String schedule) {
    for (int i = 0; i < 2; i++) {
      Cli.Result run = lifeboat(sandbox, "schedule", "run", schedule, "--wait", "--timeout", "3m");
      assertEquals(0, run.exitCode(), run.all());
      assertEquals(2, run.out().lines().filter(l -> l.matches("backup\\.lifeboat\\.dev/nightly-(db|files)-\\d{17} created")).count(),
          run.out());
      assertTrue(run.out().contains("retention applied"), run.out());
    }
  }

  private void assertTwoPerPvcAndOnlyTheirSnapshots(Sandbox sandbox, String schedule, Path repository) throws Exception {
    Eventually.await(Duration.ofSeconds(60), "expired Backups to be gone", () -> backups(sandbox, schedule).stream()
        .noneMatch(b -> b.getMetadata().getDeletionTimestamp() != null));
    JsonNode snapshots = JSON.readTree(restic(repository, "snapshots", "--json"));
    for (String pvc : List.of("db", "files")) {
      List<Backup> mine = backups(sandbox, schedule).stream().filter(b -> b.getSpec().source.pvc.equals(pvc)).toList();
      assertEquals(2, mine.size(), pvc + ": " + mine.stream().map(b -> b.getMetadata().getName()).toList());
      assertTrue(mine.stream().allMatch(b -> b.getStatus().phase == BackupPhase.Ready));
      Set<String> claimed = mine.stream().map(b -> b.getStatus().snapshotId).collect(Collectors.toCollection(TreeSet::new));
      Set<String> inRepository = new TreeSet<>();
      snapshots.forEach(s -> {
        if (s.path("tags").toString().contains("\"pvc=" + pvc + "\"")) {
          inRepository.add(s.get("id").asText());
        }
      });
      assertEquals(claimed, inRepository, pvc + ": the repository holds exactly the kept Backups' snapshots");
      String newest = mine.stream().max(java.util.Comparator.comparing(b -> b.getMetadata().getCreationTimestamp()))
          .orElseThrow().getStatus().snapshotId;
      Path target = tmp.resolve("restore-" + newest.substring(0, 8));
      restic(repository, "restore", newest, "--target", target.toString());
      assertEquals(sums.get(pvc), Trees.checksums(target), pvc + ": restored tree differs from the source");
    }
    assertTrue(backups(sandbox, schedule).stream().noneMatch(b -> b.getSpec().source.pvc.equals("scratch")));
  }

  private static List<Backup> backups(Sandbox sandbox, String schedule) {
    return sandbox.client().resources(Backup.class).inNamespace("default").withLabel(Labels.SCHEDULE, schedule)
        .list().getItems();
  }

  private static boolean succeeded(Job j) {
    return j.getStatus() != null && j.getStatus().getSucceeded() != null && j.getStatus().getSucceeded() > 0;
  }

  private static boolean finished(Job j) {
    return j.getStatus() != null && j.getStatus().getConditions() != null && j.getStatus().getConditions().stream()
        .anyMatch(c -> "True".equals(c.getStatus()) && ("Complete".equals(c.getType()) || "Failed".equals(c.getType())));
  }

  private String restic(Path repository, String... args) throws Exception {
    // --no-lock: the test only reads, and the Schedule's own forget may hold the exclusive lock at that moment.
    List<String> command = new ArrayList<>(List.of("timeout", "120", "restic", "-r", repository.toString(), "--no-cache",
        "--no-lock"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("RESTIC_PASSWORD", PASSWORD);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), err);
    return out;
  }
}
