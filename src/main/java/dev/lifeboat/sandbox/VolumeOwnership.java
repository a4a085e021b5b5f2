package dev.lifeboat.sandbox;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * What the kubelet does to a volume of a pod that sets {@code fsGroup} (its {@code SetVolumeOwnership}), for volumes
 * that support ownership management (an emptyDir; a claim mounted read-write, as a CSI driver with
 * {@code fsGroupPolicy: File} has it; a CSI volume mounted read-only is left alone): every file and folder gets the
 * group, and group read-write (read-only for a read-only volume), folders also group-execute and setgid; symbolic links
 * only their group. With {@code fsGroupChangePolicy: OnRootMismatch} nothing is walked when the volume's root already
 * has the group and those bits. This is how a pod that sets fsGroup on an application's claim changes its files.
 */
final class VolumeOwnership {
  private static final int RW = 0660;
  private static final int RO = 0440;
  private static final int EXEC = 0110;
  private static final int SETGID = 02000;

  private VolumeOwnership() {}

  static void apply(Path root, long fsGroup, boolean readOnly, String changePolicy) throws IOException {
    if ("OnRootMismatch".equals(changePolicy) && !needsChange(root, fsGroup, readOnly)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        change(dir, fsGroup, readOnly);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        change(file, fsGroup, readOnly);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private static boolean needsChange(Path root, long fsGroup, boolean readOnly) throws IOException {
    int gid = (Integer) Files.getAttribute(root, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) Files.getAttribute(root, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    int mask = (readOnly ? RO : RW) | EXEC | SETGID;
    return gid != fsGroup || (mode & mask) != mask;
  }

  private static void change(Path path, long fsGroup, boolean readOnly) throws IOException {
    Files.setAttribute(path, "unix:gid", (int) fsGroup, LinkOption.NOFOLLOW_LINKS);
    PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (attributes.isSymbolicLink()) {
      return;
    }
    int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    int mask = readOnly ? RO : RW;
    if (attributes.isDirectory()) {
      mask |= EXEC | SETGID;
    }
    // Java's POSIX permissions cannot carry setgid: the mode is set through the unix view.
    Files.setAttribute(path, "unix:mode", (mode | mask) & 07777, LinkOption.NOFOLLOW_LINKS);
  }
}
