package dev.lifeboat.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupSource;
import dev.lifeboat.api.BackupSpec;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.RepositorySpec;
import dev.lifeboat.api.SecretKeyRef;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.ResticPin;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The image (Dockerfile) and the Jobs lifeboat makes must agree: the command the Jobs run is the one
 * the image installs, as the user they run as, with the folders they write mounted as volumes (the
 * root file system is read-only), the HOME they set, and the tools the manager calls. No image can
 * be built on these machines, so this is what keeps the two from drifting.
 */
class DockerfileTest {
  private static final Path ROOT = Path.of(System.getProperty("lifeboat.repoRoot", "."));

  private static String dockerfile() throws Exception {
    return Files.readString(ROOT.resolve("Dockerfile"));
  }

  private static String last(String text, String regex) {
    Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
    String found = null;
    while (m.find()) {
      found = m.group(1);
    }
    return found;
  }

  /** The paths the image declares as volumes (its VOLUME line). */
  private static List<String> imageVolumes(String dockerfile) {
    return Arrays.stream(last(dockerfile, "^VOLUME \\[(.*)\\]$").split(","))
        .map(v -> v.trim().replace("\"", "")).toList();
  }

  private static Job backupJob() {
    Repository repo = new Repository();
    repo.getMetadata().setName("repo");
    repo.getMetadata().setNamespace("prod");
    repo.setSpec(new RepositorySpec());
    repo.getSpec().url = "s3:https://s3.example.com/bucket";
    repo.getSpec().passwordSecretRef = new SecretKeyRef("repo-restic", "password");
    Backup backup = new Backup();
    backup.getMetadata().setName("nightly");
    backup.getMetadata().setNamespace("prod");
    backup.setSpec(new BackupSpec());
    backup.getSpec().repository = "repo";
    backup.getSpec().source = new BackupSource("data");
    return new JobFactory(JobSettings.defaults()).backupJob(backup, repo, JobPurpose.BACKUP, "nightly-backup");
  }

  @Test
  void theImageRunsWhatTheJobsExpect() throws Exception {
    String dockerfile = dockerfile();
    PodSpec pod = backupJob().getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);

    assertEquals("[\"" + container.getCommand().get(0) + "\"]", last(dockerfile, "^ENTRYPOINT (.*)$"),
        "the Jobs' command is the image's entrypoint");
    String installed = last(dockerfile, "^COPY packaging/lifeboat-image.sh (/usr/local/bin/\\S+)$");
    assertEquals("/usr/local/bin/" + container.getCommand().get(0), installed, "on the PATH under that name");
    assertTrue(Files.isExecutable(ROOT.resolve("packaging/lifeboat-image.sh")));
    String launcher = Files.readString(ROOT.resolve("packaging/lifeboat-image.sh"));
    for (String path : List.of("/opt/lifeboat/lifeboat.jar", "/opt/lifeboat/lifeboat.jsa")) {
      assertTrue(launcher.contains(path) && dockerfile.contains(path), path + " in the launcher and the image");
    }
    // The archive is made for the jar the launcher runs, where the launcher looks for it.
    assertEquals("/usr/local/lib/lifeboat/cds-archive.sh /opt/lifeboat/lifeboat.jar /opt/lifeboat/lifeboat.jsa",
        last(dockerfile, "^RUN (\\S*cds-archive\\.sh .*)$"));
    assertTrue(launcher.contains("-jar /opt/lifeboat/lifeboat.jar"), "the launcher runs the jar the archive was made for");
    assertTrue(Files.isExecutable(ROOT.resolve("packaging/cds-archive.sh")));

    String user = last(dockerfile, "^USER (\\S+)$");
    assertEquals(pod.getSecurityContext().getRunAsUser() + ":" + pod.getSecurityContext().getRunAsGroup(), user,
        "the image's user is the one the Jobs run as");
    assertEquals(JobFactory.NON_ROOT_UID, pod.getSecurityContext().getRunAsUser());

    List<String> volumes = imageVolumes(dockerfile);
    assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem());
    for (var mount : container.getVolumeMounts()) {
      boolean emptyDir = pod.getVolumes().stream().anyMatch(v -> v.getName().equals(mount.getName())
          && v.getEmptyDir() != null);
      if (emptyDir) {
        assertTrue(volumes.contains(mount.getMountPath()), mount.getMountPath() + " is a volume of the image");
      }
    }
    String home = container.getEnv().stream().filter(e -> e.getName().equals("HOME")).findFirst().orElseThrow().getValue();
    assertTrue(Pattern.compile("^ENV .*\\bHOME=" + Pattern.quote(home) + "(\\s|$)", Pattern.MULTILINE)
        .matcher(dockerfile).find(), "HOME " + home + " in the image too");

    // The tools the manager runs: restic (its own stage, below), pg_dump/pg_restore/psql, setpriv.
    for (String pkg : List.of("postgresql-client", "util-linux")) {
      assertTrue(dockerfile.matches("(?s).*apt-get install[^\\n]*\\\\\\n[^\\n]*\\b" + Pattern.quote(pkg) + "\\b.*"),
          pkg + " is installed");
    }
  }
  /** The stage {@code FROM ... AS name}, continuation lines joined, comments dropped. */
  private static List<String> stage(String dockerfile, String name) {
    List<String> lines = dockerfile.replace("\\\n", " ").lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    int from = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("FROM ")) {
        if (from >= 0) {
          return lines.subList(from, i);
        }
        if (lines.get(i).endsWith(" AS " + name)) {
          from = i;
        }
      }
    }
    throw new AssertionError("no stage " + name);
  }

  /**
   * restic is the release the tests run and lifeboat names as tested ({@link ResticPin#TESTED}), downloaded for the
   * platform being built and checked against its published SHA-256 for both platforms the release image is built for
   * (jreleaser.yml), not whatever the base image's distribution has; both Dockerfiles install it the same way.
   */
  @Test
  void resticIsPinnedToTheTestedReleaseWithChecksums() throws Exception {
    List<String> restic = stage(dockerfile(), "restic");
    String text = String.join("\n", restic);
    assertTrue(restic.contains("ARG RESTIC_VERSION=" + ResticPin.TESTED), text);
    for (String arch : List.of("amd64", "arm64")) {
      assertTrue(Pattern.compile("\\b" + arch + "\\) sha=[0-9a-f]{64} ;;").matcher(text).find(), arch + " checksum: " + text);
    }
    assertTrue(text.contains("sha256sum -c -") && text.contains("restic version | grep -q \"^restic ${RESTIC_VERSION} \""),
        "the download is checked, and so is the binary's version: " + text);
    assertEquals(restic, stage(Files.readString(ROOT.resolve("packaging/docker/Dockerfile.tpl")), "restic"),
        "the release image installs the same restic");
    assertTrue(runtimeStage(dockerfile()).contains("COPY --from=restic /usr/local/bin/restic /usr/local/bin/restic"));
    assertTrue(runtimeStage(dockerfile()).stream().noneMatch(l -> l.startsWith("RUN ") && l.matches(".*\\brestic\\b.*install.*|.*install.*\\brestic\\b.*")),
        "restic is not installed from the distribution");
    String jreleaser = Files.readString(ROOT.resolve("jreleaser.yml"));
    assertTrue(jreleaser.contains("- linux/amd64") && jreleaser.contains("- linux/arm64"), "both platforms are built");
    assertTrue(Files.readString(ROOT.resolve("scripts/test.sh")).contains("ResticPin.java"),
        "the test command checks the tested restic");
  }

  /** The last stage of a Dockerfile: from its last FROM to the end, comments dropped, continuation lines joined. */
  private static List<String> runtimeStage(String dockerfile) {
    String joined = dockerfile.replace("\\\n", " ");
    List<String> lines = joined.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    int from = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("FROM ")) {
        from = i;
      }
    }
    return lines.subList(from, lines.size());
  }

  /**
   * The release image (JReleaser's docker packager, from the release zip) is ./Dockerfile's runtime stage
   * but for where its files come from: every other line equal, the same files copied to the same places,
   * and the launcher the template copies is in the release archive.
   */
  @Test
  void theReleaseImageIsTheSameImage() throws Exception {
    List<String> source = runtimeStage(dockerfile());
    List<String> release = runtimeStage(Files.readString(ROOT.resolve("packaging/docker/Dockerfile.tpl")));
    assertEquals(source.stream().filter(l -> !l.startsWith("COPY ")).toList(),
        release.stream().filter(l -> !l.startsWith("COPY ")).toList(), "the same runtime stage");
    java.util.function.Function<List<String>, List<String>> destinations = stage -> stage.stream()
        .filter(l -> l.startsWith("COPY ")).map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
    assertEquals(List.of("/usr/local/bin/restic", "/opt/lifeboat/lifeboat.jar", "/opt/lifeboat/lib", "/usr/local/bin/lifeboat",
        "/usr/local/lib/lifeboat/cds-archive.sh"), destinations.apply(source));
    assertEquals(destinations.apply(source), destinations.apply(release), "the same files in the same places");
    String jreleaser = Files.readString(ROOT.resolve("jreleaser.yml"));
    assertTrue(jreleaser.contains("templateDirectory: packaging/docker") && jreleaser.contains("- lifeboat-image.sh")
        && jreleaser.contains("- cds-archive.sh"),
        "jreleaser.yml builds the image from the template, with the launcher and the archive's script in bin/");
  }
  /** The controller Deployment install writes runs the image as built: its entrypoint, its user, its volumes. */
  @Test
  void theInstalledControllerRunsTheImageAsBuilt() throws Exception {
    String dockerfile = dockerfile();
    var deployment = dev.lifeboat.install.Manifests.all(new dev.lifeboat.install.InstallOptions("lifeboat-system", null,
        List.of("default"), "img", 2, 8080, "384Mi")).stream()
        .filter(o -> o instanceof io.fabric8.kubernetes.api.model.apps.Deployment).map(o -> (io.fabric8.kubernetes.api.model.apps.Deployment) o)
        .findFirst().orElseThrow();
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);
    assertTrue(container.getCommand() == null || container.getCommand().isEmpty(), "the image's entrypoint runs");
    assertEquals("reconcile", container.getArgs().get(0));
    assertEquals(pod.getSecurityContext().getRunAsUser() + ":" + pod.getSecurityContext().getRunAsGroup(),
        last(dockerfile, "^USER (\\S+)$"), "the image's user is the Deployment's");
    List<String> volumes = imageVolumes(dockerfile);
    assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem());
    for (var mount : container.getVolumeMounts()) {
      assertTrue(volumes.contains(mount.getMountPath()), mount.getMountPath() + " is a volume of the image");
    }
  }
}
