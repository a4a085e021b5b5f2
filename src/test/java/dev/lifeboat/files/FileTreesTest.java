package dev.lifeboat.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.FileTrees;
import dev.lifeboat.support.Trees;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What 'sandbox pvc create --from-dir' copies must be what a user has: links, modes and times included. */
class FileTreesTest {
  @TempDir
  Path tmp;

  @Test
  void copyKeepsLinksModesAndTimes() throws Exception {
    Path source = tmp.resolve("source");
    Trees.generate(source, 40, 4096, 3);
    Files.setLastModifiedTime(source.resolve("a/b"), FileTime.from(Instant.parse("2021-05-06T07:08:09Z")));
    Map<String, String> before = Trees.checksums(source);
    Path copy = tmp.resolve("copy");

    FileTrees.copy(source, copy);

    assertEquals(before, Trees.checksums(copy));
    assertTrue(Files.isSymbolicLink(copy.resolve("link-to-f1")), "a link stays a link");
    assertEquals(Path.of("a/b/c/f1.txt"), Files.readSymbolicLink(copy.resolve("link-to-f1")));
    assertEquals(FileTime.from(Instant.parse("2021-05-06T07:08:09Z")),
        Files.getLastModifiedTime(copy.resolve("a/b"), LinkOption.NOFOLLOW_LINKS), "a folder keeps its time");
  }

  @Test
  void deleteRemovesLinksNotTheirTargets() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("keep.txt"), "keep");
    Path tree = Files.createDirectories(tmp.resolve("tree/sub"));
    Files.createSymbolicLink(tree.resolve("to-outside"), outside);

    FileTrees.delete(tmp.resolve("tree"));

    assertTrue(Files.notExists(tmp.resolve("tree"), LinkOption.NOFOLLOW_LINKS));
    assertEquals("keep", Files.readString(outside.resolve("keep.txt")));
  }
}
