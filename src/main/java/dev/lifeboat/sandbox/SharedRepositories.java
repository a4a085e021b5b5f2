package dev.lifeboat.sandbox;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The sandbox's stand-in for shared storage: a local repository ({@code local:/path}) is reached by Jobs of several
 * identities (a backup as the application's user, maintenance as lifeboat's, a privileged restore as root), as an
 * NFS export would be. They share it as restic documents for group-accessible repositories: the folder that holds the
 * repository and every folder in it belong to {@link #GROUP} with group read-write and setgid, the repository's
 * {@code config} is group-readable (which makes restic create every later file group-accessible), and every
 * container that opens the repository gets the group as a supplemental group. {@code restic init} writes its files
 * for its user only; {@link #share} gives them to the group once it is done, before the Job's end is recorded.
 */
final class SharedRepositories {
  /** The group of the sandbox's shared repository folders: one no test's files use. */
  static final long GROUP = 64_999L;

  private SharedRepositories() {}

  /** The folder of a local repository URL ({@code local:/path} or {@code /path}), or null for any other. */
  static Path localPath(String url) {
    if (url == null) {
      return null;
    }
    String path = url.startsWith("local:") ? url.substring("local:".length()) : url;
    return path.startsWith("/") ? Path.of(path).normalize() : null;
  }

  /**
   * Before a container opens the repository: its parent folder belongs to the group, what exists is shared. A parent
   * every user may already create in (sticky and world-writable, as {@code /tmp}) is left as it is: giving it to the
   * group with setgid would hand every file made there later, other users' and other tests' too, to the group that
   * every Job of the sandbox has (a repository at {@code local:/tmp/repo} made {@code /tmp} so once).
   */
  static void prepare(Path repository) throws IOException {
    Path parent = repository.getParent();
    Files.createDirectories(parent);
    if (!openToAll(parent)) {
      groupWritable(parent);
    }
    share(repository);
  }

  /** Gives what exists of the repository to the group, when its config is not yet group-readable. */
  static void share(Path repository) throws IOException {
    Path config = repository.resolve("config");
    if (!Files.isDirectory(repository, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.exists(config) && ((Integer) Files.getAttribute(config, "unix:mode") & 0040) != 0) {
      return;
    }
    Files.walkFileTree(repository, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        groupWritable(dir);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.setAttribute(file, "unix:gid", (int) GROUP, LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(file, "unix:mode", (mode & 07777) | ((mode & 0600) >> 3), LinkOption.NOFOLLOW_LINKS);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Sticky and world-writable: anyone creates in it and keeps what they made (/tmp, /var/tmp). */
  static boolean openToAll(Path dir) throws IOException {
    int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    return (mode & 01002) == 01002;
  }

  private static void groupWritable(Path dir) throws IOException {
    Files.setAttribute(dir, "unix:gid", (int) GROUP, LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(dir, "unix:mode", (mode & 07777) | 02070, LinkOption.NOFOLLOW_LINKS);
  }
}
