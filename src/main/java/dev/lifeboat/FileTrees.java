package dev.lifeboat;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;

/** Whole-folder file operations the JDK lacks. Links are never followed. */
public final class FileTrees {
  private FileTrees() {}

  /** Deletes a file or a folder with everything in it; nothing there is fine. */
  public static void delete(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** The bytes of the files under {@code root} (links not followed; unreadable entries skipped). */
  public static long size(Path root) throws IOException {
    long[] total = {0};
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        total[0] += attrs.isRegularFile() ? attrs.size() : 0;
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException exc) {
        return FileVisitResult.CONTINUE;
      }
    });
    return total[0];
  }

  /**
   * Copies a folder's content into another (created as needed), faithfully: symbolic links stay
   * links (never replaced by their target's content), and files and folders keep their modes and
   * modification times (a folder's are set after its content, which would otherwise change them), and, where the
   * copier may (root), their owners.
   */
  public static void copy(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.createDirectories(to.resolve(from.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        if (exc != null) {
          throw exc;
        }
        Path copied = to.resolve(from.relativize(dir).toString());
        PosixFileAttributes attrs = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Files.setPosixFilePermissions(copied, attrs.permissions());
        Files.setLastModifiedTime(copied, attrs.lastModifiedTime());
        if (!attrs.owner().equals(Files.getOwner(copied)) || !attrs.group().equals(
            Files.readAttributes(copied, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).group())) {
          try {
            Files.setOwner(copied, attrs.owner());
            Files.getFileAttributeView(copied, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(attrs.group());
          } catch (IOException e) {
            // not root: the folder stays the copier's, as files copied by a non-root user do
          }
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
