package dev.lifeboat.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Repository;
import dev.lifeboat.lifecycle.repository.SnapshotInfo;
import dev.lifeboat.lifecycle.repository.SnapshotInventoryNames;
import dev.lifeboat.sandbox.SandboxApiServer;
import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verified snapshot list has no ceiling: 50,000 snapshots (restic-random IDs, as badly compressible as real
 * ones) are written as parts a real API server accepts (the sandbox refuses a ConfigMap over 1 MiB, as one does),
 * read back whole and in order, and a list whose parts are not all the head's Job's is not read.
 */
class SnapshotInventoryIT {
  private static SandboxApiServer server;
  private static KubernetesClient client;
  private static Repository repository;

  @BeforeAll
  static void start(@TempDir Path tmp) throws Exception {
    server = SandboxApiServer.start(tmp, 0);
    client = server.newClient();
    repository = Objects.repository(client, "default", "repo", "/tmp/nowhere", "pw");
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  static List<SnapshotInfo> snapshots(int n, String salt) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    List<SnapshotInfo> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = HexFormat.of().formatHex(sha.digest((salt + i).getBytes(StandardCharsets.UTF_8)));
      list.add(new SnapshotInfo(id, "2026-11-01T02:00:00Z", "default", List.of("/data/data-" + (i % 50)),
          List.of("backup=backup-" + i, "pvc=data-" + (i % 50))));
    }
    return list;
  }

  private static List<SnapshotInfo> read(String job) {
    return SnapshotInventory.read(name -> client.configMaps().inNamespace("default").withName(name).get(), "repo", job);
  }

  @Test
  void fiftyThousandSnapshotsRoundTripInParts() throws Exception {
    List<SnapshotInfo> all = snapshots(50_000, "a");
    // One ConfigMap, as before parts: a real server refuses it, and so does the sandbox.
    KubernetesClientException tooBig = assertThrows(KubernetesClientException.class, () -> client.configMaps()
        .inNamespace("default").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata()
            .withName("one-big").endMetadata().withBinaryData(Map.of("k", java.util.Base64.getEncoder()
                .encodeToString(new byte[1024 * 1024 + 1]))).build()).create());
    assertEquals(422, tooBig.getCode());
    assertTrue(tooBig.getMessage().contains("must have at most 1048576 bytes"), tooBig.getMessage());

    SnapshotInventory.write(client, repository, "verify-1", all);
    ConfigMap head = client.configMaps().inNamespace("default").withName("repo-snapshots").get();
    int parts = Integer.parseInt(head.getMetadata().getAnnotations().get(SnapshotInventoryNames.PARTS_ANNOTATION));
    assertTrue(parts >= 4, parts + " parts");
    assertEquals(all, read("verify-1"));
    assertEquals(all, read(null));
    assertNull(read("verify-0"), "another Job's list");

    // A shorter list from a later run: the later parts are emptied and the head counts one.
    List<SnapshotInfo> few = snapshots(3, "b");
    SnapshotInventory.write(client, repository, "verify-2", few);
    assertEquals(few, read("verify-2"));
    ConfigMap leftover = client.configMaps().inNamespace("default").withName(SnapshotInventoryNames.part("repo", parts - 1)).get();
    assertTrue(leftover.getBinaryData() == null || leftover.getBinaryData().isEmpty(), "an earlier run's part is emptied");

    // A Job killed after some parts: the head is the older Job's, a part is the newer's; never joined.
    SnapshotInventory.write(client, repository, "verify-3", all);
    List<ConfigMap> next = SnapshotInventory.configMaps(repository, "verify-4", snapshots(50_000, "c"));
    client.configMaps().inNamespace("default").resource(next.get(0)).update(); // the last part, written first
    assertNull(read(null), "a list with a part of another run");
    assertNull(read("verify-3"));
  }
}
