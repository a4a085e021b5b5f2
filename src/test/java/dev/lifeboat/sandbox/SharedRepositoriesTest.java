package dev.lifeboat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A local repository's parent folder is given to the Jobs' group, unless it is open to all already (as /tmp is). */
class SharedRepositoriesTest {
  @TempDir
  Path tmp;

  /** Giving a folder to a group needs root: as the sandbox does it under CI (it fails there, loudly, without). */
  private static void needsRoot() {
    org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name"))
        || "true".equals(System.getenv("CI")), "gives folders to a group: needs root");
  }

  private static int mode(Path p) throws Exception {
    return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  private static int gid(Path p) throws Exception {
    return (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void aParentLikeTmpIsLeftAsItIs() throws Exception {
    needsRoot();
    Path shared = Files.createDirectory(tmp.resolve("shared"));
    Files.setAttribute(shared, "unix:mode", 01777);
    int gid = gid(shared);
    SharedRepositories.prepare(shared.resolve("repo"));
    assertEquals(01777, mode(shared), "no setgid: files others make there later stay theirs");
    assertEquals(gid, gid(shared));
  }

  @Test
  void aFolderOfItsOwnBecomesTheGroups() throws Exception {
    needsRoot();
    Path own = Files.createDirectory(tmp.resolve("repos"));
    Files.setAttribute(own, "unix:mode", 0755);
    SharedRepositories.prepare(own.resolve("repo"));
    assertEquals(02775, mode(own));
    assertEquals((int) SharedRepositories.GROUP, gid(own));
  }
}
