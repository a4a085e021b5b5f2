package dev.lifeboat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubelet's fsGroup, as the sandbox applies it: this is how a pod that sets fsGroup changes a claim's files. */
class VolumeOwnershipTest {
  @TempDir
  Path volume;

  @BeforeEach
  void rootOnly() {
    // Giving files to another group takes root; CI runs as root, so there it always runs.
    assumeTrue("true".equals(System.getenv("CI")) || "root".equals(System.getProperty("user.name")),
        "changing a file's group to any gid needs root");
  }

  @Test
  void everyFileGetsTheGroupAndGroupReadWriteFoldersAlsoExecuteAndSetgid() throws Exception {
    Files.createDirectories(volume.resolve("pg"));
    Files.writeString(volume.resolve("pg/data"), "x");
    Files.setAttribute(volume.resolve("pg/data"), "unix:mode", 0600);
    Files.setAttribute(volume.resolve("pg"), "unix:mode", 0700);
    VolumeOwnership.apply(volume, 4242, false, null);
    assertEquals(4242, gid(volume.resolve("pg/data")));
    assertEquals(0660, mode(volume.resolve("pg/data")));
    assertEquals(02770, mode(volume.resolve("pg")));
  }

  @Test
  void onRootMismatchLeavesTheVolumeAloneWhenItsRootAlreadyMatches() throws Exception {
    Files.writeString(volume.resolve("f"), "x");
    Files.setAttribute(volume.resolve("f"), "unix:mode", 0600);
    Files.setAttribute(volume, "unix:gid", 4242);
    Files.setAttribute(volume, "unix:mode", 02770);
    VolumeOwnership.apply(volume, 4242, false, "OnRootMismatch");
    assertEquals(0600, mode(volume.resolve("f")), "not walked");
    VolumeOwnership.apply(volume, 4242, false, "Always");
    assertEquals(0660, mode(volume.resolve("f")));
  }

  private static int gid(Path p) throws Exception {
    return (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
  }

  private static int mode(Path p) throws Exception {
    return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }
}
