package dev.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupSpec;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.Schedule;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.Harness;
import dev.lifeboat.support.InstantPodExecutor;
import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleting things never takes data it was not asked to take: a Repository in use is refused, a shared URL is never
 * removed, a Repository's password Secret outlives it, and a Schedule's Backups outlive the Schedule.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SafeDeletionIT {
  @TempDir
  static Path tmp;
  private Harness h;
  private String kubeconfig;
  private String password;

  @BeforeAll
  void start() throws Exception {
    h = new Harness(tmp.resolve("sandbox"), InstantPodExecutor.succeeding());
    Path kc = tmp.resolve("kubeconfig");
    h.server.writeKubeconfig(kc);
    kubeconfig = kc.toString();
    Path pw = tmp.resolve("pw");
    Files.writeString(pw, "correct horse\n");
    password = pw.toString();
    Objects.boundPvc(h.client, "default", "data");
    h.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-b").endMetadata().build())
        .create();
  }

  @AfterAll
  void stop() throws Exception {
    h.close();
  }

  @Test
  void aRepositoryInUseIsRefusedUnlessForcedAndItsPasswordSecretStays() {
    Cli.Result created = Cli.against(kubeconfig, "repository", "create", "kept", "--url", "local:" + tmp.resolve("kept"),
        "--password-file", password);
    assertEquals(0, created.exitCode(), created.all());
    assertTrue(created.err().contains("keep the password of local:" + tmp.resolve("kept") + " outside the cluster"),
        created.err());
    var secret = h.client.secrets().inNamespace("default").withName("kept-restic").get();
    assertTrue(secret.getMetadata().getOwnerReferences() == null || secret.getMetadata().getOwnerReferences().isEmpty(),
        "the password Secret is not owned by the Repository: it outlives it, as the data does");
    Objects.backup(h.client, "default", "kept-1", "kept", "data");
    assertEquals(0, Cli.against(kubeconfig, "schedule", "create", "kept-nightly", "--repository", "kept", "--pvc", "data",
        "--suspend").exitCode());

    Cli.Result refused = Cli.against(kubeconfig, "repository", "delete", "kept");
    assertEquals(2, refused.exitCode(), refused.all());
    assertTrue(refused.err().contains("Repository kept is used by 2: Backup kept-1, Schedule kept-nightly"), refused.err());
    assertTrue(refused.err().contains("add --force"), refused.err());
    assertNotNull(h.client.resources(Repository.class).inNamespace("default").withName("kept").get(), "nothing changed");

    Cli.Result forced = Cli.against(kubeconfig, "repository", "delete", "kept", "--force");
    assertEquals(0, forced.exitCode(), forced.all());
    assertTrue(forced.out().contains("Secret kept-restic (the repository's password) stays"), forced.out());
    assertNull(h.client.resources(Repository.class).inNamespace("default").withName("kept").get());
    assertNotNull(h.client.secrets().inNamespace("default").withName("kept-restic").get(), "the key to the data stays");
    assertEquals(false, forced.all().contains("correct horse"), "the password is never printed");
  }

  @Test
  void aRepositoryWhoseUrlOthersShareTakesOnlyItsNamespacesSnapshotsWithIt() {
    String url = "local:" + tmp.resolve("shared");
    Objects.repository(h.client, "default", "shared", url, "pw");
    Objects.repository(h.client, "team-b", "shared", url, "pw");
    var mine = h.client.resources(Repository.class).inNamespace("default").withName("shared").get();
    mine.getSpec().deletionPolicy = BackupSpec.DeletionPolicy.Delete;
    h.client.resources(Repository.class).inNamespace("default").resource(mine).update();

    Cli.Result deleted = Cli.against(kubeconfig, "repository", "delete", "shared", "--force");
    assertEquals(0, deleted.exitCode(), deleted.all());
    assertTrue(deleted.out().contains("forgets namespace default's snapshots only: " + url + " is also the repository"
        + " of team-b/shared, whose snapshots stay"), deleted.out());
    assertNotNull(h.client.resources(Repository.class).inNamespace("team-b").withName("shared").get(),
        "the other namespace's Repository is untouched");
  }

  @Test
  void aDeletedSchedulesBackupsStayWhicheverWayItIsDeleted() {
    Objects.repository(h.client, "default", "repo", "local:" + tmp.resolve("repo"), "pw");
    for (String name : new String[] {"by-cli", "by-kubectl"}) {
      assertEquals(0, Cli.against(kubeconfig, "schedule", "create", name, "--repository", "repo", "--pvc", "data",
          "--suspend").exitCode());
      Cli.Result run = Cli.against(kubeconfig, "schedule", "run", name);
      assertEquals(0, run.exitCode(), run.all());
    }
    Backup made = scheduled("by-kubectl");
    assertTrue(made.getMetadata().getOwnerReferences() == null || made.getMetadata().getOwnerReferences().isEmpty(),
        "no owner reference: garbage collection would run the forget finalizer");
    assertEquals("0 2 * * *", h.client.resources(Schedule.class).inNamespace("default").withName("by-cli").get()
        .getSpec().cron, "no --cron: daily at 02:00");

    Cli.Result deleted = Cli.against(kubeconfig, "schedule", "delete", "by-cli");
    assertEquals(0, deleted.exitCode(), deleted.all());
    assertTrue(deleted.out().contains("its 1 Backup(s) and their snapshots stay"), deleted.out());
    h.client.resources(Schedule.class).inNamespace("default").withName("by-kubectl").delete();
    for (String name : new String[] {"by-cli", "by-kubectl"}) {
      assertNull(h.client.resources(Schedule.class).inNamespace("default").withName(name).get());
      Backup kept = scheduled(name);
      assertNull(kept.getMetadata().getDeletionTimestamp(), name + ": the Backup is not being deleted");
    }
  }

  private Backup scheduled(String schedule) {
    var items = h.client.resources(Backup.class).inNamespace("default").withLabel("lifeboat.dev/schedule", schedule)
        .list().getItems();
    assertEquals(1, items.size(), items.toString());
    return items.get(0);
  }
}
